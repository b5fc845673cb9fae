import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { GET as listRoute } from "@/app/api/conversations/route";
import { POST as retry } from "@/app/api/conversations/[id]/messages/[messageId]/retry/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { forChannel } from "../support/channel-route";
import { databaseKinds } from "../support/test-db";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook, postZalo } from "../support/webhooks";

const facebookSend = forChannel(channelReply, "facebook");
const zaloSend = forChannel(channelReply, "zalo");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type ErrorBody = { error: { code: string; message: string; messageId?: string; platformCode?: string; closedAt?: string } };

let next = 0;
/** A fresh Messenger customer whose last message was `ago` ms before now (its platform timestamp). */
async function facebookCustomer(ago: number) {
  const from = `77${Date.now().toString().slice(-9)}${String(next++).padStart(3, "0")}`;
  const at = Date.now() - ago;
  expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "question", timestamp: at }, FB_SECRET).body)).status).toBe(200);
  const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
  return { from, at, conversation };
}

/** A fresh Zalo customer who wrote just now (Zalo events outside ±15 min are ignored, so older ones are set in the database). */
async function zaloCustomer(ago = 0) {
  const from = `82${Date.now().toString().slice(-9)}${String(next++).padStart(3, "0")}`;
  const inbound = buildZaloWebhook({ to: ACME.zalo.oaId, from, text: "chào" }, { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey });
  expect((await postZalo(inbound.body, inbound.headers["x-zevent-signature"]!)).status).toBe(200);
  let conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
  if (ago) conversation = await systemDb().conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: new Date(Date.now() - ago) } });
  return { from, conversation };
}

describe.each(databaseKinds())("Reply windows on %s", (kind) => {
  const w = useWorld(kind);
  const send = (handler: typeof facebookSend, id: string, text: string, cookie = w.alice.cookie) =>
    call(handler, { path: "/x", body: { text }, cookie, params: { id } });
  const sendsTo = (platform: "facebook" | "zalo", recipient: string) =>
    w.platform.sends(platform).filter((c) => JSON.stringify(c.body).includes(recipient));

  test("the conversation carries the customer's last message time; replies and echoes do not move it, an older message does not move it back", async () => {
    const { from, at, conversation } = await facebookCustomer(2 * HOUR);
    expect(conversation.lastInboundAt?.getTime()).toBe(at);
    expect((await send(facebookSend, conversation.id, "reply")).status).toBe(201);
    const echo = buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "from the Page inbox", echo: true }, FB_SECRET);
    expect((await postFacebook(echo.body)).status).toBe(200);
    const late = buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "delivered late", timestamp: at - HOUR }, FB_SECRET);
    expect((await postFacebook(late.body)).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).lastInboundAt?.getTime()).toBe(at);
    // And the browser gets it, for the composer's banner.
    const res = await call(listRoute, { path: "/api/conversations?limit=100", cookie: w.alice.cookie });
    const { conversations } = (await res.json()) as { conversations: ConversationDto[] };
    expect(conversations.find((c) => c.id === conversation.id)?.lastInboundAt).toBe(new Date(at).toISOString());
    const newer = buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "again", timestamp: at + MIN }, FB_SECRET);
    expect((await postFacebook(newer.body)).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).lastInboundAt?.getTime()).toBe(at + MIN);
  });

  test("Messenger at 23 h 59 min: a plain RESPONSE", async () => {
    const { from, at, conversation } = await facebookCustomer(24 * HOUR - MIN);
    w.platform.lastInbound.facebook.set(from, at);
    const res = await send(facebookSend, conversation.id, "still in time");
    expect(res.status).toBe(201);
    expect(sendsTo("facebook", from).at(-1)!.body).toEqual({ recipient: { id: from }, messaging_type: "RESPONSE", message: { text: "still in time" } });
    expect(w.platform.violations).toEqual([]);
  });

  test("Messenger at 24 h 01 min: tagged HUMAN_AGENT, which the platform accepts until 7 days", async () => {
    const { from, at, conversation } = await facebookCustomer(24 * HOUR + MIN);
    w.platform.lastInbound.facebook.set(from, at);
    const res = await send(facebookSend, conversation.id, "a person answers");
    expect(res.status).toBe(201);
    expect(((await res.json()) as { message: MessageDto }).message).toMatchObject({ status: "sent" });
    expect(sendsTo("facebook", from).at(-1)!.body).toEqual({
      recipient: { id: from },
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
      message: { text: "a person answers" },
    });
    expect(w.platform.violations).toEqual([]);
  });

  test("the fake Graph holds the line too: an untagged send after 24 h is refused with (#10) 2018278", async () => {
    // The platform's clock says 25 h while ours (a message just stored) says it is open: the refusal maps to 409.
    const { from, conversation } = await facebookCustomer(MIN);
    w.platform.lastInbound.facebook.set(from, Date.now() - 25 * HOUR);
    const res = await send(facebookSend, conversation.id, "platform says no");
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: "outside_window", platformCode: "10" });
    expect(sendsTo("facebook", from)).toHaveLength(1);
    // The message is kept, failed, under the one code; Retry obeys the platform again.
    expect(await systemDb().message.findUniqueOrThrow({ where: { id: body.error.messageId! } })).toMatchObject({
      status: "failed",
      errorCode: "outside_window",
      error: "(#10) This message is sent outside of allowed window.",
    });
  });

  test("Messenger at 7 days 01 min: 409 outside_window, nothing stored, the platform not called", async () => {
    const { from, conversation } = await facebookCustomer(7 * DAY + MIN);
    const stored = await systemDb().message.count({ where: { conversationId: conversation.id } });
    const before = w.platform.sends("facebook").length;
    const res = await send(facebookSend, conversation.id, "too late");
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("outside_window");
    expect(body.error.message).toMatch(/customer must write again/);
    expect(body.error.closedAt).toBeDefined();
    expect(w.platform.sends("facebook").length).toBe(before);
    expect(sendsTo("facebook", from)).toHaveLength(0);
    expect(await systemDb().message.count({ where: { conversationId: conversation.id } })).toBe(stored);
    // The customer writes again: the window reopens.
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "hello again" }, FB_SECRET).body)).status).toBe(200);
    expect((await send(facebookSend, conversation.id, "welcome back")).status).toBe(201);
    expect((sendsTo("facebook", from).at(-1)!.body as { messaging_type: string }).messaging_type).toBe("RESPONSE");
  });

  test("a conversation the customer never wrote in (only the Page's own messages) cannot be answered", async () => {
    const from = `7700${Date.now().toString().slice(-9)}9`;
    const echo = buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "Page wrote first", echo: true }, FB_SECRET);
    expect((await postFacebook(echo.body)).status).toBe(200);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    expect(conversation.lastInboundAt).toBeNull();
    const res = await send(facebookSend, conversation.id, "hello?");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "outside_window" } });
    expect(sendsTo("facebook", from)).toHaveLength(0);
  });

  test("Retry obeys the window: a failed reply whose window has since closed is a 409, stays failed, and nothing is sent", async () => {
    const { from, conversation } = await facebookCustomer(HOUR);
    w.platform.failNext("facebook", { status: 500, body: { error: { message: "An unexpected error has occurred.", code: 2 } } });
    const failed = await send(facebookSend, conversation.id, "retry me");
    expect(failed.status).toBe(502);
    const { messageId } = ((await failed.json()) as ErrorBody).error;
    // Time passes: the customer's last message is now 8 days old.
    await systemDb().conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: new Date(Date.now() - 8 * DAY) } });
    const sent = sendsTo("facebook", from).length;
    const res = await call(retry, { path: "/x", method: "POST", body: {}, cookie: w.alice.cookie, params: { id: conversation.id, messageId: messageId! } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "outside_window", messageId } });
    expect(sendsTo("facebook", from)).toHaveLength(sent);
    expect(await systemDb().message.findUniqueOrThrow({ where: { id: messageId! } })).toMatchObject({ status: "failed", errorCode: "2" });
    // Two days later by the clock of the window, a retry goes out tagged.
    await systemDb().conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: new Date(Date.now() - 2 * DAY) } });
    const again = await call(retry, { path: "/x", method: "POST", body: {}, cookie: w.alice.cookie, params: { id: conversation.id, messageId: messageId! } });
    expect(again.status).toBe(200);
    expect(sendsTo("facebook", from).at(-1)!.body).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  test("Zalo: cs messages within 7 days; at 7 days 01 min a 409 with nothing sent; Zalo's own -230 maps to the same code", async () => {
    const fresh = await zaloCustomer(6 * DAY + 23 * HOUR);
    expect((await send(zaloSend, fresh.conversation.id, "Dạ shop đây ạ")).status).toBe(201);
    expect(sendsTo("zalo", fresh.from).at(-1)!.body).toEqual({ recipient: { user_id: fresh.from }, message: { text: "Dạ shop đây ạ" } });

    const stale = await zaloCustomer(7 * DAY + MIN);
    const stored = await systemDb().message.count({ where: { conversationId: stale.conversation.id } });
    const res = await send(zaloSend, stale.conversation.id, "quá hạn");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "outside_window" } });
    expect(sendsTo("zalo", stale.from)).toHaveLength(0);
    expect(await systemDb().message.count({ where: { conversationId: stale.conversation.id } })).toBe(stored);

    // Zalo's record says 8 days (say, our webhook missed the last one): it refuses, we map it.
    const disagree = await zaloCustomer();
    w.platform.lastInbound.zalo.set(disagree.from, Date.now() - 8 * DAY);
    const refused = await send(zaloSend, disagree.conversation.id, "Zalo says no");
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: "outside_window", platformCode: "-230" });
    expect(await systemDb().message.findUniqueOrThrow({ where: { id: body.error.messageId! } })).toMatchObject({ status: "failed", errorCode: "outside_window" });
    expect(w.platform.violations).toEqual([]);
  });

  test("isolation: another account's closed conversation is a 404 (its window state is not disclosed), and nothing is sent or stored", async () => {
    const { conversation } = await facebookCustomer(8 * DAY);
    const { conversation: open } = await facebookCustomer(MIN);
    const before = w.platform.sends("facebook").length;
    const stored = await systemDb().message.count();
    for (const id of [conversation.id, open.id]) {
      const res = await send(facebookSend, id, "from bob", w.bob.cookie);
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
    }
    // Bob's list never carries Acme's conversations, window times included.
    const list = (await (await call(listRoute, { path: "/api/conversations?limit=100", cookie: w.bob.cookie })).json()) as { conversations: ConversationDto[] };
    expect(list.conversations.map((c) => c.id)).not.toContain(conversation.id);
    expect(w.platform.sends("facebook").length).toBe(before);
    expect(await systemDb().message.count()).toBe(stored);
  });

  test("the migration's backfill sets each conversation's time from its latest inbound message", async () => {
    const { at, conversation } = await facebookCustomer(3 * HOUR);
    const echoOnly = `7701${Date.now().toString().slice(-9)}8`;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: echoOnly, text: "page only", echo: true }, FB_SECRET).body)).status).toBe(200);
    await systemDb().conversation.updateMany({ data: { lastInboundAt: null } });
    const sql = readFileSync(path.join(import.meta.dirname, "../../prisma/migrations/20261206000000_conversation_last_inbound/migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("UPDATE"));
    await systemDb().$executeRawUnsafe(backfill);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).lastInboundAt?.getTime()).toBe(at);
    expect((await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: echoOnly } } })).lastInboundAt).toBeNull();
    expect(await systemDb().conversation.count({ where: { lastInboundAt: null, messages: { some: { direction: "inbound" } } } })).toBe(0);
  });
});
