import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/**
 * A local stand-in for the Graph API and the Zalo OA API. It checks each request
 * the way the platforms document it (path, token placement, body shape) and
 * records it; anything off is answered with the platform's error shape and kept
 * in `violations` so a test can assert there were none.
 */
export type FakeCall = { platform: "facebook" | "zalo"; method: string; path: string; query: Record<string, string>; headers: IncomingMessage["headers"]; body: unknown };
type Answer = { status: number; body: unknown; delayMs?: number };

export type FakePlatform = {
  url: string;
  calls: FakeCall[];
  violations: string[];
  /** The next matching call gets this answer instead of success. */
  failNext: (platform: "facebook" | "zalo", answer: Answer) => void;
  profiles: Map<string, { first_name?: string; last_name?: string; profile_pic?: string; display_name?: string; avatar?: string }>;
  sends: (platform: "facebook" | "zalo") => FakeCall[];
  close: () => Promise<void>;
};

export async function startFakePlatform(tokens: { facebook: Record<string, string>; zalo: string[] }, port = 0): Promise<FakePlatform> {
  const calls: FakeCall[] = [];
  const violations: string[] = [];
  const overrides: Record<"facebook" | "zalo", Answer[]> = { facebook: [], zalo: [] };
  const profiles: FakePlatform["profiles"] = new Map();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://fake");
    const query = Object.fromEntries(url.searchParams);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    if (url.pathname.startsWith("/__")) return control(req.method ?? "", url.pathname, body, res);
    const zalo = url.pathname.startsWith("/v3.0/oa/");
    const call: FakeCall = { platform: zalo ? "zalo" : "facebook", method: req.method ?? "", path: url.pathname, query, headers: req.headers, body };
    calls.push(call);
    const answer = zalo ? zaloAnswer(call) : graphAnswer(call);
    const override = call.method === "POST" ? overrides[call.platform].shift() : undefined;
    const final = answer.status === 200 && override ? override : answer;
    if (final.delayMs) await new Promise((r) => setTimeout(r, final.delayMs));
    if (res.destroyed) return;
    res.writeHead(final.status, { "content-type": "application/json" });
    res.end(JSON.stringify(final.body));
  }

  // A control surface for tests in another process (Playwright): read calls, queue failures.
  function control(method: string, path: string, body: unknown, res: ServerResponse) {
    if (method === "GET" && path === "/__calls") return void res.end(JSON.stringify({ calls, violations }));
    if (method === "POST" && path === "/__fail") {
      const { platform, answer } = body as { platform: "facebook" | "zalo"; answer: Answer };
      overrides[platform].push(answer);
      return void res.end("{}");
    }
    res.writeHead(404).end();
  }

  const graphError = (message: string, code: number): Answer => ({ status: 400, body: { error: { message, type: "OAuthException", code, fbtrace_id: "fake" } } });

  function graphAnswer(c: FakeCall): Answer {
    const send = /^\/([0-9]+)\/messages$/.exec(c.path);
    if (c.method === "POST" && send?.[1]) {
      const page = send[1];
      if (!tokens.facebook[page] || c.query.access_token !== tokens.facebook[page]) {
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
      if (!Object.values(tokens.facebook).includes(c.query.access_token ?? "")) return graphError("Invalid OAuth access token.", 190);
      const p = profiles.get(profile[1]);
      return p ? { status: 200, body: { ...p, id: profile[1] } } : graphError("Unsupported get request.", 100);
    }
    violations.push(`graph: unexpected ${c.method} ${c.path}`);
    return graphError("Unknown path components", 2500);
  }

  function zaloAnswer(c: FakeCall): Answer {
    const token = c.headers.access_token;
    if (typeof token !== "string" || !tokens.zalo.includes(token)) {
      violations.push(`zalo ${c.path}: bad access_token header`);
      return { status: 200, body: { error: -216, message: "Access token is invalid" } };
    }
    if (c.method === "POST" && c.path === "/v3.0/oa/message/cs") {
      const b = c.body as { recipient?: { user_id?: unknown }; message?: { text?: unknown } } | undefined;
      if (typeof b?.recipient?.user_id !== "string" || typeof b.message?.text !== "string" || Object.keys(b).length !== 2) {
        violations.push(`zalo send: malformed body ${JSON.stringify(c.body)}`);
        return { status: 200, body: { error: -201, message: "Parameters are invalid" } };
      }
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

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    calls,
    violations,
    profiles,
    failNext: (platform, answer) => overrides[platform].push(answer),
    sends: (platform) => calls.filter((c) => c.platform === platform && c.method === "POST"),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
