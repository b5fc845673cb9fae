import { afterAll, describe, expect, test } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { resetEnvForTests } from "@/lib/env";
import { log } from "@/lib/log";
import { rateLimiter } from "@/lib/http/rate-limit";
import { runWithRequestContext } from "@/lib/request-context";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { counts, databaseKinds } from "../support/test-db";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { captureLogs } from "../support/logs";

describe.each(databaseKinds())("limits and logs on %s", (kind) => {
  useWorld(kind);
  afterAll(() => {
    delete process.env.WEBHOOK_RATE_LIMIT;
    resetEnvForTests();
  });

  // Sign-in lockout and delay: see sign-in-throttle.test.ts.

  test("the auth route refuses an oversized body with 413", async () => {
    const res = await call(authPost, { path: "/api/auth/callback/credentials", body: `email=a&password=${"x".repeat(20_000)}`, headers: { "content-type": "application/x-www-form-urlencoded" }, params: { nextauth: ["callback", "credentials"] } });
    expect(res.status).toBe(413);
  });

  test("a flood of webhooks from one source gets 429 and stores nothing more; another source is unaffected", async () => {
    process.env.WEBHOOK_RATE_LIMIT = "0.5"; // a burst of 5, then one every 2 s
    resetEnvForTests();
    rateLimiter("webhook", { capacity: 5, perSecond: 0.5 }).reset();
    const started = Date.now();
    const before = await counts();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const body = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7990000000000001", text: `flood ${i}`, mid: `m_flood_${kind}_${i}` }, FB_SECRET).body;
      statuses.push((await runWithRequestContext({ requestId: `req-flood-${i}`, clientIp: "192.0.2.50" }, () => postFacebook(body))).status);
    }
    // The burst, plus at most what refilled while the loop ran.
    const ok = statuses.filter((s) => s === 200).length;
    const refilled = Math.floor(((Date.now() - started) / 1000) * 0.5);
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(5 + refilled);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - ok);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect((await counts()).messages - before.messages).toBe(ok);
    const other = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7990000000000002", text: "other source" }, FB_SECRET).body;
    expect((await runWithRequestContext({ requestId: "req-other-0001", clientIp: "192.0.2.51" }, () => postFacebook(other))).status).toBe(200);
    delete process.env.WEBHOOK_RATE_LIMIT;
    resetEnvForTests();
  });

  test("logs are JSON lines with the request id, the account and the room of every emit, and no bodies or secrets at info", async () => {
    const { lines, stop } = captureLogs("info");
    try {
      const secretText = "my card number is 4111 1111 1111 1111";
      const body = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7990000000000003", text: secretText }, FB_SECRET).body;
      expect((await runWithRequestContext({ requestId: "req-log-test-1", clientIp: "192.0.2.60" }, () => postFacebook(body))).status).toBe(200);
      log().info({ accessToken: "EAAB-secret", headers: { cookie: "next-auth.session-token=abc" } }, "redaction probe");
      await new Promise((r) => setTimeout(r, 50));
      const emits = lines.filter((l) => l.msg === "emit");
      expect(emits.map((l) => l.event).sort()).toEqual(["new-message", "update-conversation"]);
      // A conversation's events go to its inbox's room and the account's all-inboxes room (per-inbox access).
      for (const e of emits) expect(e).toMatchObject({ level: 30, requestId: "req-log-test-1", accountId: ACME.id, rooms: [expect.stringMatching(/^inbox:/), `all-inboxes:${ACME.id}`] });
      expect(lines.find((l) => l.msg === "webhook accepted")).toMatchObject({ requestId: "req-log-test-1", stored: 1 });
      const all = JSON.stringify(lines);
      expect(all).not.toContain(secretText);
      expect(all).not.toContain("EAAB-secret");
      expect(all).not.toContain("session-token=abc");
      expect(all).not.toContain(ACME.facebook.token);
    } finally {
      stop();
    }
  });
});
