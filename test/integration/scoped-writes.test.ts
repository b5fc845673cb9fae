import { describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { sendReply } from "@/lib/inbox/send-reply";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, useWorld } from "../support/world";
import { FB_SECRET, fixture, postFacebook, postZalo, restamp, zaloSignature } from "../support/webhooks";
import { asAccount } from "@/lib/tenancy/tenant-context";

// Issue 9, item 7: every write scoped by account or integration; replays change nothing.
describe.each(databaseKinds())("Scoped writes and replays on %s", (kind) => {
  const w = useWorld(kind);

  test("a reply whose platform id equals another account's message id leaves that message alone", async () => {
    const shared = `m_collide_${kind}`;
    // Globex's page sent something (its echo is stored as outbound) under a platform id…
    const echo = buildFacebookWebhook({ to: GLOBEX.facebook.pageId, from: "7100000000000777", text: "globex echo", echo: true, mid: shared }, FB_SECRET);
    expect((await postFacebook(echo.body)).status).toBe(200);
    const globexCopy = await systemDb().message.findFirstOrThrow({ where: { accountId: GLOBEX.id, externalId: shared } });
    // …and Acme's Page answers Acme's reply with the same id (ids are unique per page, not globally).
    const inbound = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000000778", text: "acme customer" }, FB_SECRET);
    expect((await postFacebook(inbound.body)).status).toBe(200);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id, contact: { externalId: "7100000000000778" } } });
    w.platform.failNext("facebook", { status: 200, body: { recipient_id: "7100000000000778", message_id: shared } });
    const sent = await asAccount(ACME.id, () => sendReply({ accountId: ACME.id, userId: w.alice.userId, conversationId: conversation.id, channel: "facebook", text: "acme reply" }));
    expect(sent).toMatchObject({ status: "sent", externalId: shared });
    expect(await systemDb().message.findUnique({ where: { id: globexCopy.id } })).toMatchObject({ accountId: GLOBEX.id, text: "globex echo", externalId: shared });
  });

  test("a replayed or reordered follow/unfollow never moves the state back", async () => {
    const oa = ACME.zalo;
    const event = (name: "follow" | "unfollow", at: number) => {
      const raw = restamp(fixture("zalo/follow.json").replace('"follow"', `"${name}"`).replace("8100000000000009", "8100000000000321"), at);
      return postZalo(raw, zaloSignature(raw, { appId: oa.appId, secretKey: oa.secretKey }));
    };
    const followed = async () => (await systemDb().contact.findFirstOrThrow({ where: { externalId: "8100000000000321" } })).followed;
    const t = Date.now() - 60_000;
    expect((await event("follow", t)).status).toBe(200);
    expect(await followed()).toBe(true);
    expect((await event("unfollow", t + 10_000)).status).toBe(200);
    expect(await followed()).toBe(false);
    // The same follow delivered again (a replay within the freshness window): still unfollowed.
    expect((await event("follow", t)).status).toBe(200);
    expect(await followed()).toBe(false);
    // A newer follow moves it; an older unfollow arriving late does not.
    expect((await event("follow", t + 20_000)).status).toBe(200);
    expect((await event("unfollow", t + 15_000)).status).toBe(200);
    expect(await followed()).toBe(true);
  });
});
