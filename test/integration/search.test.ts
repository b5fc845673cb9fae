import { describe, expect, test } from "vitest";
import { GET as listConversations } from "@/app/api/conversations/route";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { systemDb } from "@/lib/db";
import type { ConversationDto } from "@/lib/inbox/dto";
import { snippetAround } from "@/lib/inbox/search";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

type List = { conversations: ConversationDto[] };

describe.each(databaseKinds())("Search on %s", (kind) => {
  const w = useWorld(kind);
  const search = async (q: string, cookie = w.alice.cookie) =>
    ((await (await call(listConversations, { path: `/api/conversations?status=all&q=${encodeURIComponent(q)}`, cookie })).json()) as List).conversations;
  const deliver = async (to: string, from: string, text: string) => {
    expect((await postFacebook(buildFacebookWebhook({ to, from, text }, FB_SECRET).body)).status).toBe(200);
    return systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
  };

  test("Vietnamese without accents finds the accented text, and says which message matched", async () => {
    const c = await deliver(ACME.facebook.pageId, "7950000000000001", "Cho em hỏi Đơn hàng số 88 của em đã giao chưa ạ?");
    await deliver(ACME.facebook.pageId, "7950000000000001", "Em cảm ơn");
    for (const q of ["don hang so 88", "ĐƠN HÀNG SỐ 88", "Đơn hàng số 88", "don HANG so", "giao chua a"]) {
      const found = await search(q);
      expect(found.map((x) => x.id), q).toEqual([c.id]);
      expect(found[0]!.match?.snippet, q).toContain(q.startsWith("giao") ? "giao chưa ạ" : "Đơn hàng số 88");
    }
    // The demo's Lan wrote "đơn hàng" too: both are found by the shorter words.
    expect((await search("don hang")).map((x) => x.contact.name)).toContain("Lan Hoang");
    // The list's preview is the newest message; the match is the older one that matched.
    expect((await search("don hang so 88"))[0]!.lastMessagePreview).toBe("Em cảm ơn");
  });

  test("by the contact's name (team's or platform's) and by the platform id in full; notes count too", async () => {
    const c = await deliver(ACME.facebook.pageId, "7950000000000002", "xin chào");
    await systemDb().contact.update({ where: { id: c.contactId }, data: { name: "Nguyễn Thị Ánh" } });
    expect((await search("nguyen thi anh")).map((x) => x.id)).toEqual([c.id]);
    expect((await search("nguyen thi anh"))[0]!.match).toBeNull();
    await systemDb().contact.update({ where: { id: c.contactId }, data: { displayName: "Chị Ánh (sỉ)" } });
    expect((await search("chi anh (si)")).map((x) => x.id)).toEqual([c.id]);
    expect((await search("7950000000000002")).map((x) => x.id)).toEqual([c.id]);
    // Part of an id is not a match (ids are not words): a stray digit finds nothing.
    expect((await search("79500000000000")).map((x) => x.id)).not.toContain(c.id);
    await call(addNote, { path: "/x", body: { text: "Khách quen, ưu tiên giao nhanh" }, cookie: w.alice.cookie, params: { id: c.id } });
    expect((await search("uu tien giao")).map((x) => x.id)).toEqual([c.id]);
  });

  test("wildcards are letters, another account finds nothing of Acme's, and its own only", async () => {
    const acme = await deliver(ACME.facebook.pageId, "7950000000000003", "giảm giá 50% hôm nay");
    const globex = await deliver(GLOBEX.facebook.pageId, "7950000000000004", "giảm giá cho Globex");
    expect((await search("50%")).map((x) => x.id)).toEqual([acme.id]);
    expect((await search("%")).map((x) => x.id)).toEqual([acme.id]);
    expect((await search("_")).length).toBe(0);
    expect((await search("giam gia")).map((x) => x.id)).toEqual([acme.id]);
    expect((await search("giam gia", w.bob.cookie)).map((x) => x.id)).toEqual([globex.id]);
    expect((await search("don hang", w.bob.cookie)).length).toBe(0);
  });
});

test("a snippet is cut around the match, accents ignored", () => {
  const text = `${"Lorem ipsum dolor sit amet. ".repeat(6)}Anh ơi, Đơn hàng số 12 bị giao nhầm. ${"Consectetur adipiscing elit. ".repeat(6)}`;
  const s = snippetAround(text, "don hang");
  expect(s).toContain("Đơn hàng số 12");
  expect(s.startsWith("…")).toBe(true);
  expect(s.endsWith("…")).toBe(true);
  expect(snippetAround("ngắn", "xyz")).toBe("ngắn");
});
