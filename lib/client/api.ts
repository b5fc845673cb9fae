import type { ContactDetailsDto, CustomField } from "@/lib/shared/contact-details";
import type { Channel, ConversationDto, ConversationStatus, LabelDto, MessageDto } from "@/lib/shared/dto";
import type { Member } from "@/lib/shared/member";
import type { Me } from "@/lib/shared/me";
import type { FileDto } from "@/lib/shared/file-dto";
import type { CannedReplyDto } from "@/lib/shared/canned-reply";
import type { NotificationPreferences } from "@/lib/shared/notification-preferences";
import type { MentionPage } from "@/lib/shared/mention";

/** `assignee`: "all", "unassigned", or a member's id (Mine is the signed-in agent's). `label`: a label's id, "" for any. */
export type Filters = { channel: "" | Channel; status: ConversationStatus | "all"; q: string; assignee: string; label?: string };
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
    /** The rest of the error body (e.g. `messageId` when the server kept a refused reply). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The refusal in a failed response's JSON body (`{error:{code, message, ...}}`), as the ApiError `call` throws. */
export async function refusalOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } & Record<string, unknown> };
  const { code = "error", message = `HTTP ${res.status}`, ...details } = body.error ?? {};
  return new ApiError(res.status, code, message, details);
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (!res.ok) {
    if (res.status === 401) window.location.assign("/login");
    throw await refusalOf(res);
  }
  return (await res.json().catch(() => ({}))) as T;
}

export const api = {
  conversations: (f: Filters, cursor: string | null) => {
    const q = new URLSearchParams({ status: f.status, limit: "50" });
    if (f.channel) q.set("channel", f.channel);
    if (f.assignee !== "all") q.set("assignee", f.assignee);
    if (f.q.trim()) q.set("q", f.q.trim());
    if (f.label) q.set("label", f.label);
    if (cursor) q.set("cursor", cursor);
    return call<ConversationPage>(`/api/conversations?${q}`);
  },
  conversation: (id: string) => call<{ conversation: ConversationDto }>(`/api/conversations/${encodeURIComponent(id)}`).then((r) => r.conversation),
  messages: (id: string, cursor: string | null) =>
    call<MessagePage>(`/api/conversations/${id}/messages?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
  changes: (since: string) => call<ChangesResponse>(`/api/changes${since ? `?since=${encodeURIComponent(since)}` : ""}`),
  markRead: (id: string) => call<{ ok: true }>(`/api/conversations/${id}/read`, { method: "POST", body: "{}" }),
  setStatus: (id: string, status: ConversationStatus, snoozedUntil?: string) =>
    call<{ ok: true }>(`/api/conversations/${id}/status`, { method: "POST", body: JSON.stringify(snoozedUntil ? { status, snoozedUntil } : { status }) }),
  labels: () => call<{ labels: LabelDto[] }>("/api/labels").then((r) => r.labels),
  createLabel: (name: string, color: string) => call<{ label: LabelDto }>("/api/labels", { method: "POST", body: JSON.stringify({ name, color }) }).then((r) => r.label),
  updateLabel: (id: string, change: { name?: string; color?: string }) =>
    call<{ label: LabelDto }>(`/api/labels/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(change) }).then((r) => r.label),
  deleteLabel: (id: string) => call<{ ok: true }>(`/api/labels/${encodeURIComponent(id)}`, { method: "DELETE", body: "{}" }),
  setLabels: (id: string, labelIds: string[]) =>
    call<{ labels: LabelDto[] }>(`/api/conversations/${id}/labels`, { method: "PUT", body: JSON.stringify({ labelIds }) }).then((r) => r.labels),
  /** `messages`: the reply's parts (the text, then one per attachment); `message` is the first. */
  send: (channel: string, id: string, text: string, attachments: string[] = []) =>
    call<{ message: MessageDto; messages?: MessageDto[] }>(`/api/${channel}/conversations/${id}/messages`, {
      method: "POST",
      body: JSON.stringify(attachments.length ? { text, attachments } : { text }),
    }),
  /** Keeps a file for a reply: the raw bytes, its name in the query. */
  upload: (file: File) =>
    call<{ file: FileDto }>(`/api/files?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } }).then((r) => r.file),
  switchAccount: (accountId: string) =>
    call<{ accountId: string }>("/api/account/switch", { method: "POST", body: JSON.stringify({ accountId }) }),
  /** `mentions`: the ids of the members the note @mentions (at most 20; the server notifies them). */
  addNote: (id: string, text: string, mentions: string[] = []) =>
    call<{ message: MessageDto }>(`/api/conversations/${id}/notes`, { method: "POST", body: JSON.stringify(mentions.length ? { text, mentions: mentions.slice(0, 20) } : { text }) }),
  cannedReplies: () => call<{ cannedReplies: CannedReplyDto[] }>("/api/canned-replies").then((r) => r.cannedReplies),
  createCannedReply: (input: { shortcut: string; text: string }) =>
    call<{ cannedReply: CannedReplyDto }>("/api/canned-replies", { method: "POST", body: JSON.stringify(input) }).then((r) => r.cannedReply),
  updateCannedReply: (id: string, patch: { shortcut?: string; text?: string }) =>
    call<{ cannedReply: CannedReplyDto }>(`/api/canned-replies/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(patch) }).then((r) => r.cannedReply),
  deleteCannedReply: (id: string) => call<{ ok: true }>(`/api/canned-replies/${encodeURIComponent(id)}`, { method: "DELETE", body: "{}" }),
  assign: (id: string, assigneeId: string | null) =>
    call<{ ok: true }>(`/api/conversations/${id}/assignee`, { method: "POST", body: JSON.stringify({ assigneeId }) }),
  me: () => call<Me>("/api/me"),
  members: () => call<{ members: Member[] }>("/api/account/members").then((r) => r.members),
  setAvailability: (availability: "online" | "away") =>
    call<{ availability: string }>("/api/me/availability", { method: "PUT", body: JSON.stringify({ availability }) }),
  notificationPreferences: () => call<{ preferences: NotificationPreferences }>("/api/me/preferences").then((r) => r.preferences),
  updateNotificationPreferences: (patch: Partial<NotificationPreferences>) =>
    call<{ preferences: NotificationPreferences }>("/api/me/preferences", { method: "PATCH", body: JSON.stringify(patch) }).then((r) => r.preferences),
  /** How many conversations the signed-in member has unread messages in (the tab title's count). */
  unreadConversations: () => call<{ conversations: number }>("/api/me/unread").then((r) => r.conversations),
  /** The signed-in member's mentions, newest first (a page), and how many are unread. */
  mentions: (cursor: string | null) => call<MentionPage>(`/api/me/mentions${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
  /** Marks some (`ids`) or all of the member's own mentions read. */
  markMentionsRead: (read: { ids: string[] } | { all: true }) => call<{ marked: number }>("/api/me/mentions/read", { method: "POST", body: JSON.stringify(read) }),
  contact: (id: string) => call<{ contact: ContactDetailsDto }>(`/api/contacts/${encodeURIComponent(id)}`).then((r) => r.contact),
  updateContact: (id: string, patch: { name?: string | null; notes?: string; customFields?: CustomField[] }) =>
    call<{ contact: ContactDetailsDto }>(`/api/contacts/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(patch) }).then((r) => r.contact),
  retry: (id: string, messageId: string) =>
    call<{ message: MessageDto }>(`/api/conversations/${id}/messages/${messageId}/retry`, { method: "POST", body: "{}" }),
};
