import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";

// Issue 12 bug 8: the demo's replies failed out of the box ("fetch failed" against the real Graph host).
const root = path.resolve(import.meta.dirname, "../..");
const port = 3300 + (process.pid % 500);
const origin = `http://localhost:${port}`;
let child: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  child?.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the stand-in is used only in demo mode, only for platform APIs left unset", () => {
  const standIn = "http://127.0.0.1:4999";
  const demo = parseEnv({ INBOX_DEMO: "1", INBOX_DEMO_PLATFORM: standIn });
  expect([demo.facebookGraphApiUrl, demo.zaloApiUrl, demo.demoPlatformUrl]).toEqual([standIn, standIn, standIn]);
  const realFacebook = parseEnv({ INBOX_DEMO: "1", INBOX_DEMO_PLATFORM: standIn, FACEBOOK_GRAPH_API_URL: "https://graph.example/v23.0" });
  expect(realFacebook.facebookGraphApiUrl).toBe("https://graph.example/v23.0");
  const production = parseEnv(
    { NODE_ENV: "production", INBOX_DEMO_PLATFORM: standIn, AUTH_SECRET: "x".repeat(40), FACEBOOK_APP_SECRET: "y".repeat(20), FACEBOOK_VERIFY_TOKEN: "verify-token-1" },
  );
  expect([production.facebookGraphApiUrl, production.zaloApiUrl, production.demoPlatformUrl]).toEqual(["https://graph.facebook.com/v23.0", "https://openapi.zalo.me", undefined]);
});

test("npm run demo with no platform URLs: a newcomer's reply goes through the labelled local stand-in", async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inbox-demo-"));
  child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--seed-demo"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", INBOX_DEMO: "1", NODE_ENV: "production", PORT: String(port), DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "error" } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stdout += c.toString()));
  const until = Date.now() + 90_000;
  while (!stdout.includes("Inbox ready") && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  expect(stdout).toContain("Inbox ready");
  expect(stdout).toContain("Replies go to the demo's local stand-in for Facebook and Zalo");

  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookie(), origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "alice@acme.test", password: "demo-password", json: "true" }),
  });
  keep(signIn);

  const me = (await (await fetch(`${origin}/api/me`, { headers: { cookie: cookie() } })).json()) as { demoPlatform: boolean };
  expect(me.demoPlatform).toBe(true);
  const { conversations } = (await (await fetch(`${origin}/api/conversations?status=all`, { headers: { cookie: cookie() } })).json()) as {
    conversations: { id: string; channel: string }[];
  };
  for (const channel of ["facebook", "zalo"]) {
    const c = conversations.find((x) => x.channel === channel)!;
    const reply = await fetch(`${origin}/api/${channel}/conversations/${c.id}/messages`, {
      method: "POST",
      headers: { cookie: cookie(), origin, "content-type": "application/json" },
      body: JSON.stringify({ text: "Hello from the demo" }),
    });
    expect(reply.status, await reply.clone().text()).toBe(201);
    expect(((await reply.json()) as { message: { status: string } }).message.status).toBe("sent");
  }
}, 120_000);
