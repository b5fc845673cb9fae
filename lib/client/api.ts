import type { Channel, ConversationDto, MessageDto } from "@/lib/shared/dto";

export type Filters = { channel: "" | Channel; status: "open" | "resolved" | "all"; q: string };
export type ConversationPage = { conversations: ConversationDto[]; nextCursor: string | null; inboxes?: Record<string, number> };
export type ChangesResponse = {
  inboxes: Record<string, number>;
  conversations: ConversationDto[];
  messages: MessageDto[];
  complete: boolean;
};
export type MessagePage = { messages: MessageDto[]; nextCursor: string | null };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) {
    if (res.status === 401) window.location.assign("/login");
    throw new ApiError(res.status, body.error?.code ?? "error", body.error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export const api = {
  conversations: (f: Filters, cursor: string | null) => {
    const q = new URLSearchParams({ status: f.status, limit: "50" });
    if (f.channel) q.set("channel", f.channel);
    if (f.q.trim()) q.set("q", f.q.trim());
    if (cursor) q.set("cursor", cursor);
    return call<ConversationPage>(`/api/conversations?${q}`);
  },
  conversation: (id: string) => call<{ conversation: ConversationDto }>(`/api/conversations/${encodeURIComponent(id)}`).then((r) => r.conversation),
  messages: (id: string, cursor: string | null) =>
    call<MessagePage>(`/api/conversations/${id}/messages?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
  changes: (since: string) => call<ChangesResponse>(`/api/changes${since ? `?since=${encodeURIComponent(since)}` : ""}`),
  markRead: (id: string) => call<{ ok: true }>(`/api/conversations/${id}/read`, { method: "POST", body: "{}" }),
  setStatus: (id: string, status: "open" | "resolved") =>
    call<{ ok: true }>(`/api/conversations/${id}/status`, { method: "POST", body: JSON.stringify({ status }) }),
  send: (channel: string, id: string, text: string) =>
    call<{ message: MessageDto }>(`/api/${channel}/conversations/${id}/messages`, { method: "POST", body: JSON.stringify({ text }) }),
  switchAccount: (accountId: string) =>
    call<{ accountId: string }>("/api/account/switch", { method: "POST", body: JSON.stringify({ accountId }) }),
  retry: (id: string, messageId: string) =>
    call<{ message: MessageDto }>(`/api/conversations/${id}/messages/${messageId}/retry`, { method: "POST", body: "{}" }),
};
