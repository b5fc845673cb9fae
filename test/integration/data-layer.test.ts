import { describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { loadConversation } from "@/lib/inbox/load-conversation";
import { listConversations } from "@/lib/inbox/list-conversations";
import { listChanges } from "@/lib/inbox/list-changes";
import { listMessages } from "@/lib/inbox/list-messages";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { asAccount } from "@/lib/tenancy/tenant-context";

// What @default(cuid()) yields (cuid v1): raw SQL inserts on the hot path must make the same ids.
const CUID = /^c[0-9a-z]{24}$/;

describe.each(databaseKinds())("one data layer on %s", (kind) => {
  useWorld(kind);

  test("contacts and conversations the webhook inserts with raw SQL get the schema's cuid ids", async () => {
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7400000000000001", text: "ids" }, FB_SECRET).body)).status).toBe(200);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id, contact: { externalId: "7400000000000001" } } });
    const message = await systemDb().message.findFirstOrThrow({ where: { conversationId: conversation.id } });
    for (const id of [conversation.id, conversation.contactId, message.id]) expect(id).toMatch(CUID);
  });

  test("the event's Conversation (SQL) is the API list's and the catch-up's (Prisma), field for field", async () => {
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7400000000000002", text: "same shape" }, FB_SECRET).body)).status).toBe(200);
    const { id } = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id, contact: { externalId: "7400000000000002" } } });
    const event = await asAccount(ACME.id, () => loadConversation({ accountId: ACME.id, conversationId: id }));
    const alice = (await systemDb().user.findFirstOrThrow({ where: { email: "alice@acme.test" } })).id;
    const listed = (await asAccount(ACME.id, () => listConversations({ accountId: ACME.id, userId: alice, status: "all", limit: 100 }))).conversations.find((c) => c.id === id);
    const caughtUp = (await asAccount(ACME.id, () => listChanges({ accountId: ACME.id, userId: alice, since: {} }))).conversations.find((c) => c.id === id);
    expect(event).not.toBeNull();
    expect(listed).toEqual(event);
    expect(caughtUp).toEqual(event);
    // The tenant is part of every statement: another account reads nothing.
    expect(await asAccount(GLOBEX.id, () => loadConversation({ accountId: GLOBEX.id, conversationId: id }))).toBeNull();
  });

  test("both lists page through the one keyset helper: every row once, nextCursor null at the end", async () => {
    for (let i = 0; i < 5; i++) {
      const body = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7400000000000003", text: `page ${i}`, timestamp: Date.now() - 10_000 + i * 1000 }, FB_SECRET).body;
      expect((await postFacebook(body)).status).toBe(200);
    }
    const { id } = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id, contact: { externalId: "7400000000000003" } } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listMessages>> = await asAccount(ACME.id, () => listMessages({ accountId: ACME.id, userId: null, conversationId: id, cursor, limit: 2 }));
      seen.push(...page.messages.map((m) => m.text));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["page 4", "page 3", "page 2", "page 1", "page 0"]);
    const ids: string[] = [];
    const alice = (await systemDb().user.findFirstOrThrow({ where: { email: "alice@acme.test" } })).id;
    cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listConversations>> = await asAccount(ACME.id, () => listConversations({ accountId: ACME.id, userId: alice, status: "all", limit: 1, cursor }));
      ids.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await systemDb().conversation.count({ where: { accountId: ACME.id } }));
  });
});
