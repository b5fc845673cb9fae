import { describe, expect, test } from "vitest";
import { GET as list, POST as create } from "@/app/api/canned-replies/route";
import { DELETE as remove, PATCH as update } from "@/app/api/canned-replies/[id]/route";
import { GET as audit } from "@/app/api/account/audit/route";
import { systemDb } from "@/lib/db";
import type { CannedReplyDto } from "@/lib/shared/canned-reply";
import type { AuditEntry } from "@/lib/team/audit";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

describe.each(databaseKinds())("Canned replies on %s", (kind) => {
  const w = useWorld(kind);
  const add = (cookie: string, body: unknown) => call(create, { path: "/api/canned-replies", cookie, body: body as object });
  const patch = (cookie: string, id: string, body: unknown) => call(update, { path: `/api/canned-replies/${id}`, method: "PATCH", cookie, body: body as object, params: { id } });
  const del = (cookie: string, id: string) => call(remove, { path: `/api/canned-replies/${id}`, method: "DELETE", cookie, params: { id } });
  const listOf = async (cookie: string) => {
    const res = await call(list, { path: "/api/canned-replies", cookie });
    expect(res.status).toBe(200);
    return ((await res.json()) as { cannedReplies: CannedReplyDto[] }).cannedReplies;
  };
  const made = async (shortcut: string, text = `Text of ${shortcut}`) => {
    const res = await add(w.alice.cookie, { shortcut, text });
    expect(res.status).toBe(201);
    return ((await res.json()) as { cannedReply: CannedReplyDto }).cannedReply;
  };

  test("an admin adds, edits and deletes; every member reads them; each change is in the audit list", async () => {
    const c = await made("/Thanks", "Thanks for writing, {{contact.name}}!");
    // The leading slash is optional and shortcuts are lower-case.
    expect(c).toMatchObject({ shortcut: "thanks", text: "Thanks for writing, {{contact.name}}!" });
    expect((await listOf(w.carol.cookie)).map((r) => r.shortcut)).toContain("thanks");
    const edited = await patch(w.alice.cookie, c.id, { shortcut: "thanks-a-lot", text: "Thank you!" });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { cannedReply: CannedReplyDto }).cannedReply).toMatchObject({ id: c.id, shortcut: "thanks-a-lot", text: "Thank you!" });
    expect((await del(w.alice.cookie, c.id)).status).toBe(200);
    expect((await listOf(w.alice.cookie)).some((r) => r.id === c.id)).toBe(false);
    const lines = ((await (await call(audit, { path: "/api/account/audit", cookie: w.alice.cookie })).json()) as { events: AuditEntry[] }).events;
    const mine = lines.filter((l) => l.action.startsWith("canned_reply_")).map((l) => `${l.action} ${l.target}`);
    expect(mine.slice(0, 3)).toEqual(["canned_reply_deleted /thanks-a-lot", "canned_reply_updated /thanks-a-lot", "canned_reply_created /thanks"]);
  });

  test("a shortcut is unique per account, in any case; another account may use the same one", async () => {
    await made("greet");
    const again = await add(w.alice.cookie, { shortcut: "GREET", text: "Hello again" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: object }).error).toMatchObject({ code: "conflict", message: "The shortcut /greet is already used", reason: "shortcut_taken", params: { shortcut: "greet" } });
    expect(await systemDb().cannedReply.count({ where: { accountId: ACME.id, shortcut: "greet" } })).toBe(1);
    // Two at once: exactly one is stored.
    const race = await Promise.all([add(w.alice.cookie, { shortcut: "race", text: "a" }), add(w.alice.cookie, { shortcut: "race", text: "b" })]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await systemDb().cannedReply.count({ where: { accountId: ACME.id, shortcut: "race" } })).toBe(1);
    // Renaming onto a used shortcut is refused too.
    const other = await made("other");
    expect((await patch(w.alice.cookie, other.id, { shortcut: "greet" })).status).toBe(409);
    // Globex has its own namespace.
    expect((await add(w.bob.cookie, { shortcut: "greet", text: "Globex hello" })).status).toBe(201);
  });

  test("bad input is a clear 400 and nothing is stored", async () => {
    const before = await systemDb().cannedReply.count();
    const bad: unknown[] = [
      {},
      { shortcut: "", text: "x" },
      { shortcut: "has space", text: "x" },
      { shortcut: "x".repeat(33), text: "x" },
      { shortcut: "nul\u0000", text: "x" },
      { shortcut: "ok", text: "" },
      { shortcut: "ok", text: "   " },
      { shortcut: "ok", text: "x".repeat(2001) },
      { shortcut: "ok", text: 5 },
      { shortcut: "ok", text: "x", accountId: GLOBEX.id },
      [],
    ];
    for (const body of bad) {
      const res = await add(w.alice.cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    expect((await add(w.alice.cookie, { shortcut: "x".repeat(32), text: "x".repeat(2000) })).status).toBe(201);
    expect(await systemDb().cannedReply.count()).toBe(before + 1);
    const c = await made("patchme");
    expect((await patch(w.alice.cookie, c.id, {})).status).toBe(400);
    expect((await patch(w.alice.cookie, c.id, { text: "x".repeat(2001) })).status).toBe(400);
    expect((await patch(w.alice.cookie, "bad\u0001id", { text: "y" })).status).toBe(400);
  });

  test("isolation: Globex sees none of Acme's canned replies and gets 404 on their ids; an agent gets 403 on writes", async () => {
    const acme = await made("acme-only", "Acme's secret answer");
    const globexList = await listOf(w.bob.cookie);
    expect(globexList.some((r) => r.id === acme.id || r.text.includes("Acme"))).toBe(false);
    expect((await patch(w.bob.cookie, acme.id, { text: "taken over" })).status).toBe(404);
    expect((await del(w.bob.cookie, acme.id)).status).toBe(404);
    // The same answer as for an id that does not exist.
    expect((await patch(w.bob.cookie, "c0000000000000000000nope", { text: "x" })).status).toBe(404);
    // Carol (agent) reads and uses them, but writes nothing.
    expect((await listOf(w.carol.cookie)).some((r) => r.id === acme.id)).toBe(true);
    expect((await add(w.carol.cookie, { shortcut: "carol", text: "mine" })).status).toBe(403);
    expect((await patch(w.carol.cookie, acme.id, { text: "changed" })).status).toBe(403);
    expect((await del(w.carol.cookie, acme.id)).status).toBe(403);
    const row = await systemDb().cannedReply.findUniqueOrThrow({ where: { id: acme.id } });
    expect(row).toMatchObject({ accountId: ACME.id, text: "Acme's secret answer" });
    expect(await systemDb().cannedReply.count({ where: { accountId: ACME.id, shortcut: "carol" } })).toBe(0);
  });

  test("no session is a 401; a cross-site write is a 403", async () => {
    expect((await call(list, { path: "/api/canned-replies" })).status).toBe(401);
    const res = await call(create, { path: "/api/canned-replies", cookie: w.alice.cookie, body: { shortcut: "csrf", text: "x" }, headers: { origin: "https://evil.test" } });
    expect(res.status).toBe(403);
    expect(await systemDb().cannedReply.count({ where: { shortcut: "csrf" } })).toBe(0);
  });
});
