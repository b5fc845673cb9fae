import { beforeAll, describe, expect, test } from "vitest";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { forChannel } from "../support/channel-route";
import { POST as retry } from "@/app/api/conversations/[id]/messages/[messageId]/retry/route";
import { POST as markRead } from "@/app/api/conversations/[id]/read/route";
import { POST as setStatus } from "@/app/api/conversations/[id]/status/route";
import { DELETE as removeMember, PATCH as changeRole } from "@/app/api/account/members/[userId]/route";
import { POST as assign } from "@/app/api/conversations/[id]/assignee/route";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { PATCH as updateContact } from "@/app/api/contacts/[id]/route";
import { POST as createReset } from "@/app/api/account/members/[userId]/password-reset/route";
import { POST as useReset } from "@/app/api/password-resets/accept/route";
import { PATCH as patchAccountSettings } from "@/app/api/account/settings/route";
import { PUT as putAvailability } from "@/app/api/me/availability/route";
import { PATCH as patchPreferences } from "@/app/api/me/preferences/route";
import { POST as markMentions } from "@/app/api/me/mentions/read/route";
import { POST as connectIntegration } from "@/app/api/account/integrations/route";
import { PUT as putInboxes } from "@/app/api/account/members/[userId]/inboxes/route";
import { DELETE as disconnectIntegration, PATCH as renameIntegration } from "@/app/api/account/integrations/[integrationId]/route";
import { POST as createInvite } from "@/app/api/account/invites/route";
import { DELETE as revokeInvite } from "@/app/api/account/invites/[inviteId]/route";
import { POST as acceptInvite } from "@/app/api/invites/accept/route";
import { POST as uploadFile } from "@/app/api/files/route";
import { POST as switchAccount } from "@/app/api/account/switch/route";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as channelWebhook } from "@/app/webhooks/[channel]/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { TEST_ORIGIN } from "../support/realtime-harness";
import { ACME, GLOBEX, call, useWorld, type World } from "../support/world";
import { FB_SECRET, postFacebook, postZalo } from "../support/webhooks";

const facebookSend = forChannel(channelReply, "facebook");
const zaloSend = forChannel(channelReply, "zalo");
const facebookWebhook = forChannel(channelWebhook, "facebook");

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
type Route = { name: string; handler: Handler; method: string; body: object; cookie: () => string; params: () => Record<string, string> };

/** What a same-site attacker page (another port, a sibling subdomain) or a script without our Origin can send. */
const refusedHeaders: [string, Record<string, string | null>][] = [
  ["no Origin", { origin: null }],
  ["Origin of another port", { origin: "http://localhost:4000" }],
  ["Origin of a sibling subdomain", { origin: "http://evil.localhost:3000" }],
  ["Origin null (sandboxed page)", { origin: "null" }],
  ["Sec-Fetch-Site same-site, no Origin", { origin: null, "sec-fetch-site": "same-site" }],
  ["Sec-Fetch-Site cross-site, no Origin", { origin: null, "sec-fetch-site": "cross-site" }],
  ["a foreign Origin claiming same-origin", { origin: "http://localhost:4000", "sec-fetch-site": "same-origin" }],
  ["text/plain (a form carrying JSON, a no-cors fetch)", { "content-type": "text/plain" }],
  ["text/plain;charset=UTF-8", { "content-type": "text/plain;charset=UTF-8" }],
  ["an urlencoded form", { "content-type": "application/x-www-form-urlencoded" }],
  ["a multipart form", { "content-type": "multipart/form-data; boundary=x" }],
  ["no content type", { "content-type": null }],
];

/** Everything a refused request could have changed. */
async function snapshot(w: World) {
  const [messages, conversations, memberships, sessions, invites, files, users, contacts, resets, passwords, accounts, integrations, mentions] = await Promise.all([
    systemDb().message.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    systemDb().conversation.findMany({ select: { id: true, status: true, inboundCount: true, assigneeId: true, reads: { select: { userId: true, readCount: true } } }, orderBy: { id: "asc" } }),
    systemDb().membership.findMany({ select: { id: true, role: true, availability: true, allInboxes: true, notifySound: true, notifyDesktop: true, notifyNewConversations: true, notifyAssigned: true, notifyMentions: true }, orderBy: { id: "asc" } }),
    systemDb().authSession.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    systemDb().invite.findMany({ select: { id: true, usedAt: true, revokedAt: true }, orderBy: { id: "asc" } }),
    systemDb().storedFile.count(),
    systemDb().user.count(),
    systemDb().contact.findMany({ select: { id: true, detailsVersion: true }, orderBy: { id: "asc" } }),
    systemDb().passwordReset.findMany({ select: { id: true, usedAt: true, revokedAt: true }, orderBy: { id: "asc" } }),
    systemDb().user.findMany({ select: { id: true, passwordHash: true }, orderBy: { id: "asc" } }),
    systemDb().account.findMany({ select: { id: true, autoAssign: true }, orderBy: { id: "asc" } }),
    systemDb().integration.findMany({ select: { id: true, name: true, credentials: true, disconnectedAt: true }, orderBy: { id: "asc" } }),
    systemDb().mention.findMany({ select: { id: true, readAt: true }, orderBy: { id: "asc" } }),
  ]);
  return { messages, conversations, memberships, sessions, invites, files, users, contacts, resets, passwords, accounts, integrations, mentions, platformCalls: w.platform.calls.length };
}

describe.each(databaseKinds())("CSRF on every state-changing route on %s", (kind) => {
  const w = useWorld(kind);
  const ids = { facebook: "", zalo: "", failed: "", invite: "", inviteToken: "", contact: "", resetToken: "", integration: "" };
  let routes: Route[] = [];

  beforeAll(async () => {
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7610000000000001", text: "csrf fb" }, FB_SECRET).body)).status).toBe(200);
    const zalo = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8610000000000001", text: "csrf zalo" }, { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey });
    expect((await postZalo(zalo.body, zalo.headers["x-zevent-signature"]!)).status).toBe(200);
    ids.facebook = (await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "7610000000000001" } } })).id;
    ids.zalo = (await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "8610000000000001" } } })).id;
    ids.contact = (await systemDb().contact.findFirstOrThrow({ where: { externalId: "7610000000000001" } })).id;
    ids.integration = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } })).id;
    // A failed reply to retry.
    w.platform.failNext("facebook", { status: 500, body: { error: { message: "down", type: "OAuthException", code: 2 } } });
    const failed = await call(facebookSend, { path: "/x", body: { text: "will fail" }, cookie: w.alice.cookie, params: { id: ids.facebook } });
    expect(failed.status).toBe(502);
    ids.failed = ((await failed.json()) as { error: { messageId: string } }).error.messageId;
    const made = (await (await call(createInvite, { path: "/api/account/invites", body: { role: "agent" }, cookie: w.alice.cookie })).json()) as { invite: { id: string }; url: string };
    ids.invite = made.invite.id;
    const reset = (await (await call(createReset, { path: "/x", body: {}, cookie: w.alice.cookie, params: { userId: w.carol.userId } })).json()) as { url: string };
    ids.resetToken = reset.url.split("/reset/")[1]!;
    ids.inviteToken = made.url.split("/invite/")[1]!;
    // An unread mention of Carol, for the mark-read route to (not) move.
    expect((await call(addNote, { path: "/x", body: { text: "@Carol Tran csrf", mentions: [w.carol.userId] }, cookie: w.alice.cookie, params: { id: ids.facebook } })).status).toBe(201);
    routes = [
      { name: "POST facebook reply", handler: facebookSend as Handler, method: "POST", body: { text: "csrf reply" }, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook }) },
      { name: "POST zalo reply", handler: zaloSend as Handler, method: "POST", body: { text: "csrf reply" }, cookie: () => w.alice.cookie, params: () => ({ id: ids.zalo }) },
      { name: "POST retry", handler: retry as Handler, method: "POST", body: {}, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook, messageId: ids.failed }) },
      { name: "POST read", handler: markRead as Handler, method: "POST", body: {}, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook }) },
      { name: "POST status", handler: setStatus as Handler, method: "POST", body: { status: "resolved" }, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook }) },
      { name: "DELETE member", handler: removeMember as Handler, method: "DELETE", body: {}, cookie: () => w.alice.cookie, params: () => ({ userId: w.carol.userId }) },
      { name: "POST account switch", handler: switchAccount as Handler, method: "POST", body: { accountId: GLOBEX.id }, cookie: () => w.dave.cookie, params: () => ({}) },
      { name: "POST assignee", handler: assign as Handler, method: "POST", body: { assigneeId: w.alice.userId }, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook }) },
      { name: "POST note", handler: addNote as Handler, method: "POST", body: { text: "csrf note", mentions: [w.carol.userId] }, cookie: () => w.alice.cookie, params: () => ({ id: ids.facebook }) },
      { name: "POST mentions read", handler: markMentions as Handler, method: "POST", body: { all: true }, cookie: () => w.carol.cookie, params: () => ({}) },
      { name: "POST invite", handler: createInvite as Handler, method: "POST", body: { role: "admin" }, cookie: () => w.alice.cookie, params: () => ({}) },
      { name: "DELETE invite", handler: revokeInvite as Handler, method: "DELETE", body: {}, cookie: () => w.alice.cookie, params: () => ({ inviteId: ids.invite }) },
      { name: "PATCH member role", handler: changeRole as Handler, method: "PATCH", body: { role: "admin" }, cookie: () => w.alice.cookie, params: () => ({ userId: w.carol.userId }) },
      { name: "POST invite accept", handler: acceptInvite as unknown as Handler, method: "POST", body: { token: ids.inviteToken, name: "Mallory", email: "mallory@evil.test", password: "mallory-password-1" }, cookie: () => "", params: () => ({}) },
      { name: "PATCH contact", handler: updateContact as Handler, method: "PATCH", body: { name: "Mallory's pick" }, cookie: () => w.alice.cookie, params: () => ({ id: ids.contact }) },
      { name: "POST password reset", handler: createReset as Handler, method: "POST", body: {}, cookie: () => w.alice.cookie, params: () => ({ userId: w.carol.userId }) },
      { name: "POST password reset accept", handler: useReset as unknown as Handler, method: "POST", body: { token: ids.resetToken, password: "mallory-password-1" }, cookie: () => "", params: () => ({}) },
      { name: "PATCH account settings", handler: patchAccountSettings as Handler, method: "PATCH", body: { autoAssign: true }, cookie: () => w.alice.cookie, params: () => ({}) },
      { name: "PUT availability", handler: putAvailability as Handler, method: "PUT", body: { availability: "away" }, cookie: () => w.alice.cookie, params: () => ({}) },
      { name: "PATCH notification preferences", handler: patchPreferences as Handler, method: "PATCH", body: { sound: true, desktop: false, mentions: false }, cookie: () => w.carol.cookie, params: () => ({}) },
      { name: "POST integration", handler: connectIntegration as Handler, method: "POST", body: { channel: "facebook", externalId: ACME.facebook.pageId, name: "Taken", credentials: { accessToken: "x" } }, cookie: () => w.alice.cookie, params: () => ({}) },
      { name: "PATCH integration", handler: renameIntegration as Handler, method: "PATCH", body: { name: "Renamed by CSRF" }, cookie: () => w.alice.cookie, params: () => ({ integrationId: ids.integration }) },
      { name: "DELETE integration", handler: disconnectIntegration as Handler, method: "DELETE", body: {}, cookie: () => w.alice.cookie, params: () => ({ integrationId: ids.integration }) },
      { name: "PUT member inboxes", handler: putInboxes as Handler, method: "PUT", body: { all: false, integrationIds: [ids.integration] }, cookie: () => w.alice.cookie, params: () => ({ userId: w.carol.userId }) },
      { name: "POST file", handler: uploadFile as Handler, method: "POST", body: {}, cookie: () => w.alice.cookie, params: () => ({}) },
    ];
  });

  test("each refused request is a 403 forbidden, and nothing changed: no message, no status, no session, no platform call", async () => {
    const before = await snapshot(w);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: ids.facebook } })).inboundCount).toBeGreaterThan(0);
    for (const route of routes) {
      for (const [label, headers] of refusedHeaders) {
        const res = await call(route.handler, { path: "/x", method: route.method, body: route.body, cookie: route.cookie(), params: route.params() as never, headers });
        expect(res.status, `${route.name} with ${label}`).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: expect.any(String) } });
      }
    }
    expect(await snapshot(w)).toEqual(before);
  });

  test("a refusal comes before the session is read: no cookie, bad origin is 403 too", async () => {
    const res = await call(markRead, { path: "/x", method: "POST", body: {}, params: { id: ids.facebook }, headers: { origin: "http://localhost:4000" } });
    expect(res.status).toBe(403);
  });

  test("next-auth's POSTs (sign-in, sign-out) need an allowed Origin and a form or JSON body", async () => {
    const before = await snapshot(w);
    const form = `csrfToken=x&email=alice%40acme.test&password=demo-password&json=true`;
    const attempts: [string, Record<string, string | null>][] = [
      ["no Origin", { origin: null }],
      ["another port", { origin: "http://localhost:4000" }],
      ["a sibling subdomain", { origin: "http://evil.localhost:3000" }],
      ["same-site fetch, no Origin", { origin: null, "sec-fetch-site": "same-site" }],
      ["text/plain", { "content-type": "text/plain" }],
    ];
    for (const nextauth of [["callback", "credentials"], ["signout"]]) {
      for (const [label, headers] of attempts) {
        const res = await call(authPost, {
          path: `/api/auth/${nextauth.join("/")}`,
          body: form,
          params: { nextauth },
          cookie: w.alice.cookie,
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        });
        expect(res.status, `${nextauth.join("/")} with ${label}`).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
      }
    }
    expect(await snapshot(w)).toEqual(before);
  });

  test("webhooks are not session routes: no Origin needed", async () => {
    const raw = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7610000000000002", text: "no origin webhook" }, FB_SECRET).body;
    const { signFacebookBody } = await import("@/lib/channels/facebook/verify-signature");
    const res = await call(facebookWebhook, { path: "/webhooks/facebook", body: raw, headers: { origin: null, "x-hub-signature-256": signFacebookBody(raw, FB_SECRET) } });
    expect(res.status).toBe(200);
  });

  test("the same requests with our Origin (or Sec-Fetch-Site: same-origin) and JSON go through", async () => {
    const ok = (res: Response) => expect(res.status).toBeLessThan(300);
    const sends = w.platform.sends("facebook").length;
    ok(await call(facebookSend, { path: "/x", body: { text: "csrf reply ok" }, cookie: w.alice.cookie, params: { id: ids.facebook } }));
    expect(w.platform.sends("facebook").length).toBe(sends + 1);
    ok(await call(zaloSend, { path: "/x", body: { text: "csrf reply ok" }, cookie: w.alice.cookie, params: { id: ids.zalo }, headers: { origin: null, "sec-fetch-site": "same-origin" } }));
    ok(await call(retry, { path: "/x", method: "POST", body: {}, cookie: w.alice.cookie, params: { id: ids.facebook, messageId: ids.failed } }));
    ok(await call(markRead, { path: "/x", method: "POST", body: {}, cookie: w.alice.cookie, params: { id: ids.facebook }, headers: { "content-type": "application/json; charset=utf-8" } }));
    ok(await call(setStatus, { path: "/x", body: { status: "resolved" }, cookie: w.alice.cookie, params: { id: ids.facebook }, headers: { origin: TEST_ORIGIN } }));
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: ids.facebook } })).status).toBe("resolved");
    expect(await systemDb().mention.count({ where: { userId: w.carol.userId, readAt: null } })).toBeGreaterThan(0);
    ok(await call(markMentions, { path: "/x", body: { all: true }, cookie: w.carol.cookie }));
    expect(await systemDb().mention.count({ where: { userId: w.carol.userId, readAt: null } })).toBe(0);
    ok(await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: w.carol.userId } }));
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: w.carol.userId, role: "agent" } });
    ok(await call(switchAccount, { path: "/x", body: { accountId: GLOBEX.id }, cookie: w.dave.cookie }));
  });
});
