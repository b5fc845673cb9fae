import { randomUUID } from "node:crypto";
import type { Answer, FakeCall, FakeContext, FakeHandler } from "./types";

const graphError = (message: string, code: number): Answer => ({ status: 400, body: { error: { message, type: "OAuthException", code, fbtrace_id: "fake" } } });

function answer(c: FakeCall, { tokens, profiles, violations }: FakeContext<Record<string, string>>): Answer {
  const send = /^\/([0-9]+)\/messages$/.exec(c.path);
  if (c.method === "POST" && send?.[1]) {
    const page = send[1];
    if (!tokens[page] || c.query.access_token !== tokens[page]) {
      violations.push(`graph send: bad access_token for page ${page}`);
      return graphError("Invalid OAuth access token.", 190);
    }
    const b = c.body as { recipient?: { id?: unknown }; messaging_type?: unknown; message?: { text?: unknown } } | undefined;
    const keys = b && typeof b === "object" ? Object.keys(b).sort().join(",") : "";
    if (
      !String(c.headers["content-type"]).startsWith("application/json") ||
      keys !== "message,messaging_type,recipient" ||
      typeof b?.recipient?.id !== "string" ||
      b.messaging_type !== "RESPONSE" ||
      typeof b.message?.text !== "string"
    ) {
      violations.push(`graph send: malformed body ${JSON.stringify(c.body)}`);
      return graphError("(#100) Invalid parameter", 100);
    }
    return { status: 200, body: { recipient_id: b.recipient.id, message_id: `m_${randomUUID()}` } };
  }
  const profile = /^\/([0-9]+)$/.exec(c.path);
  if (c.method === "GET" && profile?.[1]) {
    if (c.query.fields !== "first_name,last_name,profile_pic") violations.push(`graph profile: fields=${c.query.fields}`);
    if (!Object.values(tokens).includes(c.query.access_token ?? "")) return graphError("Invalid OAuth access token.", 190);
    const p = profiles.get(profile[1]);
    return p ? { status: 200, body: { ...p, id: profile[1] } } : graphError("Unsupported get request.", 100);
  }
  violations.push(`graph: unexpected ${c.method} ${c.path}`);
  return graphError("Unknown path components", 2500);
}

/** The Graph API: Send API (page token in the query) and user profiles. Tokens: page id → page access token. */
export const fakeGraphApi: FakeHandler<Record<string, string>> = {
  owns: (path) => /^\/[0-9]+(\/messages)?$/.test(path),
  answer,
  tokensFrom: (integrations) => Object.fromEntries(integrations.map((i) => [i.externalId, i.credentials.accessToken ?? ""])),
};
