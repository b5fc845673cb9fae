import { describe, expect, test } from "vitest";
import { GET as listConversations } from "@/app/api/conversations/route";
import { GET as getConversation } from "@/app/api/conversations/[id]/route";
import { PUT as putLabels } from "@/app/api/conversations/[id]/labels/route";
import { GET as listLabels, POST as createLabel } from "@/app/api/labels/route";
import { DELETE as deleteLabel, PATCH as patchLabel } from "@/app/api/labels/[id]/route";
import { GET as changes } from "@/app/api/changes/route";
import { systemDb } from "@/lib/db";
import type { ConversationDto } from "@/lib/inbox/dto";
import type { LabelDto } from "@/lib/shared/labels";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

type List = { conversations: ConversationDto[]; nextCursor: string | null };

describe.each(databaseKinds())("Labels on %s", (kind) => {
  const w = useWorld(kind);
  const create = (body: object, cookie = w.alice.cookie) => call(createLabel, { path: "/api/labels", body, cookie });
  const created = async (name: string, color = "blue", cookie = w.alice.cookie) => {
    const res = await create({ name, color }, cookie);
    expect(res.status).toBe(201);
    return ((await res.json()) as { label: LabelDto }).label;
  };
  const labels = async (cookie: string) => ((await (await call(listLabels, { path: "/api/labels", cookie })).json()) as { labels: LabelDto[] }).labels;
  const apply = (id: string, labelIds: string[], cookie = w.carol.cookie) => call(putLabels, { path: `/api/conversations/${id}/labels`, method: "PUT", body: { labelIds }, cookie, params: { id } });
  const acme = (skip = 0) => systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id }, orderBy: { id: "asc" }, skip });
  const labelsOf = async (id: string) => (await systemDb().conversationLabel.findMany({ where: { conversationId: id } })).map((x) => x.labelId).sort();

  test("admins create, rename, recolor and delete labels; names are unique per account, up to 40 characters; agents get 403", async () => {
    const vip = await created("VIP", "red");
    expect(vip).toMatchObject({ name: "VIP", color: "red" });
    expect((await create({ name: "vip", color: "blue" })).status).toBe(409);
    // Globex may have its own "VIP": unique per account only.
    await created("VIP", "green", w.bob.cookie);
    for (const body of [{ name: "", color: "red" }, { name: "   ", color: "red" }, { name: "x".repeat(41), color: "red" }, { name: "ok", color: "#ff0000" }, { name: "ok" }, { name: 5, color: "red" }, { name: "ok", color: "red", accountId: GLOBEX.id }]) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await create({ name: "x".repeat(40), color: "teal" })).status).toBe(201);
    // Agents apply labels but do not manage them.
    expect((await create({ name: "Carol's", color: "red" }, w.carol.cookie)).status).toBe(403);
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "Hacked" }, cookie: w.carol.cookie, params: { id: vip.id } })).status).toBe(403);
    expect((await call(deleteLabel, { path: "/x", method: "DELETE", cookie: w.carol.cookie, params: { id: vip.id } })).status).toBe(403);
    // Another account's label is a 404 to Globex's admin, as an unknown one.
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "Mine now" }, cookie: w.bob.cookie, params: { id: vip.id } })).status).toBe(404);
    expect((await call(deleteLabel, { path: "/x", method: "DELETE", cookie: w.bob.cookie, params: { id: vip.id } })).status).toBe(404);
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: {}, cookie: w.alice.cookie, params: { id: vip.id } })).status).toBe(400);
    const renamed = await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "Important", color: "purple" }, cookie: w.alice.cookie, params: { id: vip.id } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { label: LabelDto }).label).toEqual({ id: vip.id, name: "Important", color: "purple" });
    // Everyone in Acme lists Acme's labels; Globex sees only its own.
    expect((await labels(w.carol.cookie)).map((l) => l.name)).toContain("Important");
    expect((await labels(w.bob.cookie)).map((l) => l.name)).toEqual(["VIP"]);
    expect((await call(deleteLabel, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { id: vip.id } })).status).toBe(200);
    expect((await labels(w.alice.cookie)).map((l) => l.name)).not.toContain("Important");
  });

  test("any agent labels a conversation: live to Acme with its labels, nothing to Globex; catch-up carries it", async () => {
    const c = await acme();
    const refund = await created("Refund", "orange");
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    const since = (await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq;
    const res = await apply(c.id, [refund.id]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { labels: LabelDto[] }).labels).toEqual([refund]);
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.labels.some((l) => l.id === refund.id)),
      2000,
      "alice sees the label",
    );
    const one = ((await (await call(getConversation, { path: `/api/conversations/${c.id}`, cookie: w.alice.cookie, params: { id: c.id } })).json()) as { conversation: ConversationDto }).conversation;
    expect(one.labels).toEqual([refund]);
    const caught = (await (await call(changes, { path: `/api/changes?since=${encodeURIComponent(`${c.integrationId}:${since}`)}`, cookie: w.alice.cookie })).json()) as { conversations: ConversationDto[] };
    expect(caught.conversations.find((x) => x.id === c.id)?.labels).toEqual([refund]);
    // Renaming the label changes the conversation live too.
    alice.events.length = 0;
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "Refunds" }, cookie: w.alice.cookie, params: { id: refund.id } })).status).toBe(200);
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.labels.some((l) => l.name === "Refunds")),
      2000,
      "alice sees the rename",
    );
    // The same set again changes nothing and spends no change number.
    const before = (await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq;
    expect((await apply(c.id, [refund.id, refund.id])).status).toBe(200);
    expect((await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq).toBe(before);
    // Deleting it takes it off, live.
    alice.events.length = 0;
    expect((await call(deleteLabel, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { id: refund.id } })).status).toBe(200);
    expect(await labelsOf(c.id)).toEqual([]);
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.id === c.id && (e.payload as { conversation: ConversationDto }).conversation.labels.length === 0),
      2000,
      "alice sees it go",
    );
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("isolation: another account's label id or conversation is a 404 and nothing is stored; bad bodies are 400", async () => {
    const c = await acme(1);
    const mine = await created("Mine", "gray");
    const globexLabel = await created("Globex only", "pink", w.bob.cookie);
    const globexConversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: GLOBEX.id } });
    expect((await apply(c.id, [mine.id, globexLabel.id])).status).toBe(404);
    expect(await labelsOf(c.id)).toEqual([]);
    expect((await apply(c.id, ["no-such-label"])).status).toBe(404);
    // Bob cannot put his label on Acme's conversation, nor Acme's on his.
    expect((await apply(c.id, [globexLabel.id], w.bob.cookie)).status).toBe(404);
    expect((await apply(globexConversation.id, [mine.id], w.alice.cookie)).status).toBe(404);
    expect(await labelsOf(globexConversation.id)).toEqual([]);
    for (const body of [{}, { labelIds: "x" }, { labelIds: [1] }, { labelIds: ["a\u0000"] }, { labelIds: Array.from({ length: 51 }, (_, i) => `l${i}`) }]) {
      const res = await call(putLabels, { path: "/x", method: "PUT", body, cookie: w.alice.cookie, params: { id: c.id } });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    // Filtering by another account's label shows Globex nothing of Acme's, and Acme nothing.
    expect((await apply(c.id, [mine.id])).status).toBe(200);
    const bobList = (await (await call(listConversations, { path: `/api/conversations?status=all&label=${mine.id}`, cookie: w.bob.cookie })).json()) as List;
    expect(bobList.conversations).toEqual([]);
    const aliceList = (await (await call(listConversations, { path: `/api/conversations?status=all&label=${globexLabel.id}`, cookie: w.alice.cookie })).json()) as List;
    expect(aliceList.conversations).toEqual([]);
    expect((await call(listConversations, { path: "/api/conversations?label=a%00b", cookie: w.alice.cookie })).status).toBe(400);
    // Globex's conversations never carry Acme's labels.
    const bobAll = (await (await call(listConversations, { path: "/api/conversations?status=all", cookie: w.bob.cookie })).json()) as List;
    expect(bobAll.conversations.flatMap((x) => x.labels).map((l) => l.id)).not.toContain(mine.id);
  });

  test("label writes need the app's Origin (403, nothing changes); an id with a NUL is a 400", async () => {
    const l = await created("Origin probe", "teal");
    const c = await acme(1);
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "Forged" }, cookie: w.alice.cookie, params: { id: l.id }, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await call(deleteLabel, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { id: l.id }, headers: { origin: null } })).status).toBe(403);
    expect((await call(createLabel, { path: "/api/labels", body: { name: "Forged", color: "red" }, cookie: w.alice.cookie, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await call(putLabels, { path: "/x", method: "PUT", body: { labelIds: [l.id] }, cookie: w.carol.cookie, params: { id: c.id }, headers: { "content-type": "text/plain" } })).status).toBe(403);
    expect(await systemDb().label.findUniqueOrThrow({ where: { id: l.id } })).toMatchObject({ name: "Origin probe" });
    expect(await systemDb().label.count({ where: { name: "Forged" } })).toBe(0);
    expect(await labelsOf(c.id)).not.toContain(l.id);
    expect((await call(patchLabel, { path: "/x", method: "PATCH", body: { name: "x" }, cookie: w.alice.cookie, params: { id: "a\u0000b" } })).status).toBe(400);
    expect((await call(putLabels, { path: "/x", method: "PUT", body: { labelIds: [] }, cookie: w.alice.cookie, params: { id: "a\u0000b" } })).status).toBe(400);
    expect((await call(listLabels, { path: "/api/labels" })).status).toBe(401);
  });

  test("filter by label pages with the keyset cursor: every labelled conversation once, newest first", async () => {
    const tag = await created("Paged", "yellow");
    // Some same-millisecond activity too, so the cursor's id tiebreak is exercised.
    const at = Date.now() - 5000;
    for (let i = 0; i < 8; i++) {
      const res = await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: `79100000000000${10 + i}`, text: `paged ${i}`, timestamp: at - Math.floor(i / 2) * 1000 }, FB_SECRET).body);
      expect(res.status).toBe(200);
    }
    const all = await systemDb().conversation.findMany({ where: { accountId: ACME.id }, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }] });
    const labelled = all.filter((_, i) => i % 2 === 0);
    expect(labelled.length).toBeGreaterThanOrEqual(3);
    for (const c of labelled) expect((await apply(c.id, [...(await labelsOf(c.id)), tag.id])).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path = `/api/conversations?status=all&limit=2&label=${tag.id}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await (await call(listConversations, { path, cookie: w.carol.cookie })).json()) as List;
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      expect(page.conversations.every((x) => x.labels.some((l) => l.id === tag.id))).toBe(true);
      seen.push(...page.conversations.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(labelled.map((c) => c.id));
    // Combined with a status: only the open labelled ones.
    const open = (await (await call(listConversations, { path: `/api/conversations?status=open&label=${tag.id}`, cookie: w.carol.cookie })).json()) as List;
    expect(open.conversations.every((x) => x.status === "open" && x.labels.some((l) => l.id === tag.id))).toBe(true);
  });
});
