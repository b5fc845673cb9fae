import { describe, expect, test } from "vitest";
import { GET as getSettings, PATCH as patchSettings } from "@/app/api/account/settings/route";
import { PUT as putAvailability } from "@/app/api/me/availability/route";
import { GET as listMembers } from "@/app/api/account/members/route";
import { systemDb } from "@/lib/db";
import { settleBackground } from "@/lib/inbox/ingest-batches";
import type { Member } from "@/lib/shared/member";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, call, useWorld } from "../support/world";

describe.each(databaseKinds())("Auto-assignment on %s", (kind) => {
  const w = useWorld(kind);
  let n = 0;
  /** A new customer writes to Acme's page; resolves once the background work after the 200 is done. */
  const newConversation = async () => {
    const from = `79600000000${String(++n).padStart(5, "0")}`;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: `new ${n}` }, FB_SECRET).body)).status).toBe(200);
    await settleBackground();
    return systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } }, include: { assignee: true } });
  };
  const setAuto = (on: boolean, cookie = w.alice.cookie) => call(patchSettings, { path: "/api/account/settings", method: "PATCH", body: { autoAssign: on }, cookie });
  const availability = (value: string, cookie: string) => call(putAvailability, { path: "/api/me/availability", method: "PUT", body: { availability: value }, cookie });

  test("off by default; only an admin turns it on (agents 403, bad bodies 400); audited", async () => {
    expect((await newConversation()).assigneeId).toBeNull();
    expect((await call(getSettings, { path: "/x", cookie: w.carol.cookie })).status).toBe(403);
    expect((await setAuto(true, w.carol.cookie)).status).toBe(403);
    expect((await call(patchSettings, { path: "/x", method: "PATCH", body: { autoAssign: "yes" }, cookie: w.alice.cookie })).status).toBe(400);
    expect((await call(patchSettings, { path: "/x", method: "PATCH", body: { autoAssign: true, accountId: "x" }, cookie: w.alice.cookie })).status).toBe(400);
    expect((await systemDb().account.findUniqueOrThrow({ where: { id: ACME.id } })).autoAssign).toBe(false);
    // Globex's admin changes Globex only.
    expect((await setAuto(true, w.bob.cookie)).status).toBe(200);
    expect((await systemDb().account.findUniqueOrThrow({ where: { id: ACME.id } })).autoAssign).toBe(false);
    await setAuto(false, w.bob.cookie);
  });

  test("round robin between the connected, online members; away and disconnected members get none", async () => {
    expect((await setAuto(true)).status).toBe(200);
    // Nobody connected: nothing to give it to.
    expect((await newConversation()).assigneeId).toBeNull();
    const sockets = [await w.socketFor(w.alice), await w.socketFor(w.carol)];
    const bob = await w.socketFor(w.bob);
    const owners = [];
    for (let i = 0; i < 4; i++) owners.push((await newConversation()).assignee?.name);
    // Dave (a member, not connected) gets none; Alice and Carol take turns.
    expect(owners.filter((o) => o === "Alice Nguyen").length).toBe(2);
    expect(owners.filter((o) => o === "Carol Tran").length).toBe(2);
    expect(owners[0]).not.toBe(owners[1]);
    const line = await systemDb().message.findFirstOrThrow({ where: { kind: "system", text: { startsWith: "Assigned to" } }, orderBy: { createdAt: "desc" } });
    expect(line.text).toMatch(/^Assigned to (Alice Nguyen|Carol Tran) automatically \(round robin\)$/);

    // Carol steps away: the next ones are Alice's; the member list says so.
    expect((await availability("away", w.carol.cookie)).status).toBe(200);
    expect((await availability("busy", w.carol.cookie)).status).toBe(400);
    const members = ((await (await call(listMembers, { path: "/x", cookie: w.alice.cookie })).json()) as { members: Member[] }).members;
    expect(members.find((m) => m.name === "Carol Tran")?.availability).toBe("away");
    // Alice's agent list hears of it at once (a nudge with no data); Globex hears nothing.
    await eventually(() => sockets[0]!.events.some((e) => e.event === "members-changed"), 2000, "members-changed");
    for (let i = 0; i < 2; i++) expect((await newConversation()).assignee?.name).toBe("Alice Nguyen");
    await availability("online", w.carol.cookie);
    await sleep(100);
    expect(bob.events).toEqual([]);
    for (const s of sockets) s.close();
  });

  test("two new conversations at once go to two different members", async () => {
    await setAuto(true);
    await systemDb().membership.updateMany({ where: { accountId: ACME.id }, data: { lastAutoAssignedAt: null } });
    const sockets = [await w.socketFor(w.alice), await w.socketFor(w.carol)];
    const froms = ["7960000000099001", "7960000000099002"];
    await Promise.all(froms.map((from) => postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "at once" }, FB_SECRET).body)));
    await settleBackground();
    const owners = await systemDb().conversation.findMany({ where: { contact: { externalId: { in: froms } } }, select: { assigneeId: true } });
    expect(new Set(owners.map((o) => o.assigneeId)).size).toBe(2);
    expect(owners.every((o) => o.assigneeId)).toBe(true);
    for (const s of sockets) s.close();
    await setAuto(false);
  });
});
