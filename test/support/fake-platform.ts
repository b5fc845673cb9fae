import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { channelIds, type Channel } from "@/lib/channels/channel-ids";
import { createHash } from "node:crypto";
import type { Answer, FakeCall, FakeForm, FakeHandler, FakeProfile } from "./fake-platforms/types";
import { fakeGraphApi } from "./fake-platforms/facebook";
import { fakeZaloApi } from "./fake-platforms/zalo";
import { demoIntegrations, type DemoAccount } from "@/lib/demo/seed-demo";

export type { FakeCall, FakeFile, FakeForm } from "./fake-platforms/types";

/** A multipart body parsed as the platform's server would (WHATWG FormData via undici); files summarised. */
async function readForm(bytes: Buffer, contentType: string): Promise<FakeForm> {
  const parsed = await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData().catch(() => null);
  if (!parsed) return [{ name: "__unparsable__", value: "" }];
  const parts: FakeForm = [];
  for (const [name, value] of parsed.entries()) {
    if (typeof value === "string") {
      parts.push({ name, value });
      continue;
    }
    const data = Buffer.from(await value.arrayBuffer());
    parts.push({ name, value: { filename: value.name, type: value.type, size: data.length, sha256: createHash("sha256").update(data).digest("hex"), head: data.subarray(0, 16).toString("hex") } });
  }
  return parts;
}

/** One fake API per channel; a channel missing here is a compile error. */
const handlers = { facebook: fakeGraphApi, zalo: fakeZaloApi } satisfies Record<Channel, FakeHandler<unknown>>;

/** The tokens of every demo integration, by channel, as each fake expects them. */
export function demoFakeTokens(accounts: readonly DemoAccount[]): FakeTokens {
  const of = (id: Channel) => accounts.flatMap((a) => demoIntegrations(a)[id] ?? []);
  return Object.fromEntries(channelIds.map((id) => [id, handlers[id].tokensFrom(of(id))])) as FakeTokens;
}

/** What each fake accepts as valid credentials, by channel. */
export type FakeTokens = { [K in Channel]: Parameters<(typeof handlers)[K]["answer"]>[1]["tokens"] };

/**
 * A local stand-in for the Graph API and the Zalo OA API. It checks each request
 * the way the platforms document it (path, token placement, body shape) and
 * records it; anything off is answered with the platform's error shape and kept
 * in `violations` so a test can assert there were none.
 */

export type FakePlatform = {
  url: string;
  calls: FakeCall[];
  violations: string[];
  /** The next matching call gets this answer instead of success. */
  failNext: (platform: Channel, answer: Answer) => void;
  profiles: Map<string, FakeProfile>;
  /** Per channel, the platform's record of each customer's last message (user id → epoch ms): sends past its window are refused. */
  lastInbound: Record<Channel, Map<string, number>>;
  /** The credentials each fake accepts; tests may add some (a page connected during the test). */
  tokens: FakeTokens;
  sends: (platform: Channel) => FakeCall[];
  close: () => Promise<void>;
};

export async function startFakePlatform(tokens: FakeTokens, port = 0): Promise<FakePlatform> {
  const calls: FakeCall[] = [];
  const violations: string[] = [];
  const overrides = Object.fromEntries(channelIds.map((id) => [id, [] as Answer[]])) as Record<Channel, Answer[]>;
  const profiles: FakePlatform["profiles"] = new Map();
  const lastInbound = Object.fromEntries(channelIds.map((id) => [id, new Map<string, number>()])) as Record<Channel, Map<string, number>>;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, bytes: Buffer) {
    const url = new URL(req.url ?? "/", "http://fake");
    const query = Object.fromEntries(url.searchParams);
    const form = String(req.headers["content-type"] ?? "").startsWith("multipart/form-data") ? await readForm(bytes, String(req.headers["content-type"])) : undefined;
    const raw = form ? "" : bytes.toString("utf8");
    let body: unknown = form ? Object.fromEntries(form.map((p) => [p.name, p.value])) : undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    if (url.pathname.startsWith("/__")) return control(req.method ?? "", url.pathname, body, res);
    const platform = channelIds.find((id) => handlers[id].owns(url.pathname));
    if (!platform) {
      violations.push(`unexpected ${req.method} ${url.pathname}`);
      return void res.writeHead(404, { "content-type": "application/json" }).end("{}");
    }
    const call: FakeCall = { platform, method: req.method ?? "", path: url.pathname, query, headers: req.headers, body, ...(form ? { form } : {}) };
    calls.push(call);
    const answer = answerFor(platform, call);
    const override = call.method === "POST" && !isAuthCall(call) ? overrides[call.platform].shift() : undefined;
    const final = answer.status === 200 && override ? override : answer;
    if (final.delayMs) await new Promise((r) => setTimeout(r, final.delayMs));
    if (res.destroyed) return;
    res.writeHead(final.status, { "content-type": "application/json", ...final.headers });
    res.end(JSON.stringify(final.body));
  }

  // A control surface for tests in another process (Playwright): read calls, queue failures.
  function control(method: string, path: string, body: unknown, res: ServerResponse) {
    if (method === "GET" && path === "/__calls") return void res.end(JSON.stringify({ calls, violations }));
    if (method === "POST" && path === "/__inbound") {
      const { platform, userId, at } = body as { platform: Channel; userId: string; at: number };
      lastInbound[platform].set(userId, at);
      return void res.end("{}");
    }
    if (method === "POST" && path === "/__fail") {
      const { platform, answer } = body as { platform: Channel; answer: Answer };
      overrides[platform].push(answer);
      return void res.end("{}");
    }
    res.writeHead(404).end();
  }

  const isAuthCall = (c: FakeCall) => (handlers[c.platform] as FakeHandler<unknown>).isAuthCall?.(c.path) ?? false;

  // Each handler gets its own channel's tokens (a generic lookup TypeScript cannot correlate on its own).
  function answerFor(platform: Channel, call: FakeCall): Answer {
    const handler = handlers[platform] as FakeHandler<unknown>;
    return handler.answer(call, { tokens: tokens[platform], profiles, violations, lastInbound: lastInbound[platform] });
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    calls,
    violations,
    profiles,
    lastInbound,
    tokens,
    failNext: (platform, answer) => overrides[platform].push(answer),
    sends: (platform) => calls.filter((c) => c.platform === platform && c.method === "POST" && !isAuthCall(c)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
