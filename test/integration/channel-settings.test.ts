import { describe, expect, test } from "vitest";
import { POST as connect } from "@/app/api/account/integrations/route";
import { DELETE as disconnect, PATCH as rename } from "@/app/api/account/integrations/[integrationId]/route";
import { POST as facebookReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { GET as audit } from "@/app/api/account/audit/route";
import { systemDb } from "@/lib/db";
import type { AuditEntry } from "@/lib/team/audit";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { forChannel } from "../support/channel-route";
import { databaseKinds } from "../support/test-db";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { eventually } from "../support/realtime-harness";

const NEW_PAGE = "100000000000902";
const TOKEN = "EAAB-settings-token";

describe.each(databaseKinds())("Settings → Channels on %s", (kind) => {
  const w = useWorld(kind);
  const reply = forChannel(facebookReply, "facebook");
  const connectPage = (body: object, cookie = w.alice.cookie) => call(connect, { path: "/api/account/integrations", body, cookie });
  const page = (name = "Acme Outlet", token = TOKEN) => ({ channel: "facebook", externalId: NEW_PAGE, name, credentials: { accessToken: token } });

  test("an admin connects a page with its token, checked with Graph first; a wrong token is Graph's reason and nothing is stored", async () => {
    (w.platform.tokens.facebook as Record<string, string>)[NEW_PAGE] = TOKEN;
    const wrong = await connectPage(page("Acme Outlet", "EAAB-wrong"));
    expect(wrong.status).toBe(400);
    const refusal = ((await wrong.json()) as { error: { message: string; reason: string; params: Record<string, string> } }).error;
    expect(refusal.message).toContain("Invalid OAuth access token");
    // For the browser to say in the agent's language: which step refused, and Graph's own words to quote.
    expect(refusal.reason).toBe("platform_refused_connection");
    expect(refusal.params).toMatchObject({ channel: "Facebook", step: "token" });
    expect(refusal.params.said).toContain("Invalid OAuth access token");
    expect(refusal.message).toContain(refusal.params.said);
    expect(await systemDb().integration.count({ where: { externalId: NEW_PAGE } })).toBe(0);
    const res = await connectPage(page());
    expect(res.status).toBe(201);
    const row = await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "facebook", externalId: NEW_PAGE } } });
    expect(row).toMatchObject({ accountId: ACME.id, name: "Acme Outlet", needsReauth: false });
    expect(row.credentials).not.toContain(TOKEN);
    // Its webhooks are Acme's now.
    expect((await postFacebook(buildFacebookWebhook({ to: NEW_PAGE, from: "7980000000000001", text: "to the outlet" }, FB_SECRET).body)).status).toBe(200);
    expect(await systemDb().message.count({ where: { text: "to the outlet", accountId: ACME.id } })).toBe(1);
  });

  test("refused: agents (403), another account's page (409), bad ids and fields (400); nothing changes", async () => {
    const before = await systemDb().integration.findMany({ orderBy: { id: "asc" } });
    expect((await connectPage(page(), w.carol.cookie)).status).toBe(403);
    const taken = await connectPage({ ...page(), externalId: GLOBEX.facebook.pageId });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: object }).error).toMatchObject({ code: "conflict", message: "That facebook id is connected to another account", reason: "page_taken", params: { channel: "Facebook" } });
    expect((await connectPage({ ...page(), externalId: "not-a-number" })).status).toBe(400);
    const noToken = await connectPage({ ...page(), credentials: {} });
    expect(noToken.status).toBe(400);
    expect(((await noToken.json()) as { error: object }).error).toMatchObject({ reason: "invalid_credentials", params: { channel: "Facebook" } });
    expect((await connectPage({ ...page(), channel: "telegram" })).status).toBe(400);
    expect((await connectPage({ ...page(), accountId: GLOBEX.id })).status).toBe(400);
    const acmeZalo = await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "zalo" } });
    expect((await call(rename, { path: "/x", method: "PATCH", body: { name: "Mine now" }, cookie: w.bob.cookie, params: { integrationId: acmeZalo.id } })).status).toBe(404);
    expect((await call(disconnect, { path: "/x", method: "DELETE", cookie: w.bob.cookie, params: { integrationId: acmeZalo.id } })).status).toBe(404);
    expect((await call(disconnect, { path: "/x", method: "DELETE", cookie: w.carol.cookie, params: { integrationId: acmeZalo.id } })).status).toBe(403);
    expect((await call(rename, { path: "/x", method: "PATCH", body: { name: "  " }, cookie: w.alice.cookie, params: { integrationId: acmeZalo.id } })).status).toBe(400);
    expect(await systemDb().integration.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  test("rename, then disconnect: webhooks ignored, replies refused (409), conversations kept; connecting again brings it back", async () => {
    const row = await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "facebook", externalId: NEW_PAGE } } });
    const [carol, bob] = [await w.socketFor(w.carol), await w.socketFor(w.bob)];
    const nudges = () => carol.events.filter((e) => e.event === "integrations-changed").length;
    expect((await call(rename, { path: "/x", method: "PATCH", body: { name: "Acme Outlet HN" }, cookie: w.alice.cookie, params: { integrationId: row.id } })).status).toBe(200);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { integrationId: row.id } });
    expect((await call(disconnect, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { integrationId: row.id } })).status).toBe(200);
    const gone = await systemDb().integration.findUniqueOrThrow({ where: { id: row.id } });
    expect(gone).toMatchObject({ credentials: null, needsReauth: true });
    expect(gone.disconnectedAt).not.toBeNull();
    // Every tab of the account reloads what it shows (the open conversation pauses at once); Globex hears nothing.
    await eventually(() => nudges() >= 2, 2000, "integrations-changed after rename and disconnect");
    expect(bob.events).toEqual([]);
    const stored = await systemDb().message.count();
    expect((await postFacebook(buildFacebookWebhook({ to: NEW_PAGE, from: "7980000000000002", text: "after disconnect" }, FB_SECRET).body)).status).toBe(200);
    expect(await systemDb().message.count()).toBe(stored);
    const sends = w.platform.sends("facebook").length;
    const refused = await call(reply, { path: "/x", body: { text: "can't go" }, cookie: w.alice.cookie, params: { id: conversation.id } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { reason: string } }).error.reason).toBe("disconnected");
    expect(w.platform.sends("facebook").length).toBe(sends);
    expect(await systemDb().conversation.count({ where: { id: conversation.id } })).toBe(1);
    // Reconnected with its token: the same row, the history with it.
    expect((await connectPage(page("Acme Outlet HN"))).status).toBe(201);
    const back = await systemDb().integration.findUniqueOrThrow({ where: { id: row.id } });
    expect(back).toMatchObject({ disconnectedAt: null, needsReauth: false });
    expect((await postFacebook(buildFacebookWebhook({ to: NEW_PAGE, from: "7980000000000001", text: "back again" }, FB_SECRET).body)).status).toBe(200);
    expect(await systemDb().message.count({ where: { text: "back again", conversationId: conversation.id } })).toBe(1);
    const lines = ((await (await call(audit, { path: "/x", cookie: w.alice.cookie })).json()) as { events: AuditEntry[] }).events.map((e) => e.action);
    expect(lines.slice(0, 3)).toEqual(["integration_connected", "integration_disconnected", "integration_renamed"]);
  });
});
