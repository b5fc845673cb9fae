import { randomUUID } from "node:crypto";
import type { Answer, FakeCall, FakeContext, FakeHandler } from "./types";

// Consultation messages need the user to have interacted within 7 days (lib/channels/zalo/window.ts).
const CS_WINDOW_MS = 7 * 24 * 3_600_000;

function answer(c: FakeCall, { tokens, profiles, violations, lastInbound }: FakeContext<string[]>): Answer {
  const token = c.headers.access_token;
  if (typeof token !== "string" || !tokens.includes(token)) {
    violations.push(`zalo ${c.path}: bad access_token header`);
    return { status: 200, body: { error: -216, message: "Access token is invalid" } };
  }
  if (c.method === "POST" && c.path === "/v3.0/oa/message/cs") {
    const b = c.body as { recipient?: { user_id?: unknown }; message?: { text?: unknown } } | undefined;
    if (typeof b?.recipient?.user_id !== "string" || typeof b.message?.text !== "string" || Object.keys(b).length !== 2) {
      violations.push(`zalo send: malformed body ${JSON.stringify(c.body)}`);
      return { status: 200, body: { error: -201, message: "Parameters are invalid" } };
    }
    const last = lastInbound.get(b.recipient.user_id);
    if (last !== undefined && Date.now() - last >= CS_WINDOW_MS) return { status: 200, body: { error: -230, message: "User has not interacted with the OA in the past 7 days" } };
    return { status: 200, body: { data: { message_id: randomUUID().replace(/-/g, ""), user_id: b.recipient.user_id }, error: 0, message: "Success" } };
  }
  if (c.method === "GET" && c.path === "/v3.0/oa/user/detail") {
    const data = JSON.parse(c.query.data ?? "{}") as { user_id?: string };
    const p = data.user_id ? profiles.get(data.user_id) : undefined;
    return p
      ? { status: 200, body: { data: { user_id: data.user_id, display_name: p.display_name, avatar: p.avatar }, error: 0, message: "Success" } }
      : { status: 200, body: { error: -213, message: "User has not followed OA" } };
  }
  violations.push(`zalo: unexpected ${c.method} ${c.path}`);
  return { status: 404, body: { error: -404, message: "not found" } };
}

/** The Zalo OA API v3: access token in a header, HTTP 200 with `error` for refusals. Tokens: the OA access tokens. */
export const fakeZaloApi: FakeHandler<string[]> = {
  owns: (path) => path.startsWith("/v3.0/oa/"),
  answer,
  tokensFrom: (integrations) => integrations.map((i) => i.credentials.accessToken ?? ""),
};
