import { describe, expect, test } from "vitest";
import { POST as assign } from "@/app/api/conversations/[id]/assignee/route";
import { GET as listConversations } from "@/app/api/conversations/route";
import { GET as listMessages } from "@/app/api/conversations/[id]/messages/route";
import { GET as listMembers } from "@/app/api/account/members/route";
import { DELETE as removeMember } from "@/app/api/account/members/[userId]/route";
import { systemDb } from "@/lib/db";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import type { Member } from "@/lib/shared/member";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, call, useWorld } from "../support/world";

type List = { conversations: ConversationDto[] };

describe.each(databaseKinds())("Assignment on %s", (kind) => {
  const w = useWorld(kind);
  const assignTo = (id: string, assigneeId: string | null, cookie: string) => call(assign, { path: `/api/conversations/${id}/assignee`, body: { assigneeId }, cookie, params: { id } });
  const view = async (assignee: string, cookie: string) =>
    ((await (await call(listConversations, { path: `/api/conversations?status=all&assignee=${assignee}`, cookie })).json()) as List).conversations.map((c) => c.id);
  const acmeConversation = () => systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id }, orderBy: { id: "asc" } });

  test("Alice assigns a conversation to Carol: live for Acme with the assignee's name, nothing for Globex", async () => {
    const c = await acmeConversation();
    const [carol, bob] = [await w.socketFor(w.carol), await w.socketFor(w.bob)];
    expect((await assignTo(c.id, w.carol.userId, w.alice.cookie)).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBe(w.carol.userId);
    await eventually(
      () => carol.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.assignee?.name === "Carol Tran"),
      2000,
      "carol sees the assignment",
    );
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("each change of owner is a line in the thread, announced with the change; re-assigning the same owner writes none", async () => {
    const c = await acmeConversation();
    await assignTo(c.id, null, w.alice.cookie);
    const lines = async () =>
      ((await (await call(listMessages, { path: `/api/conversations/${c.id}/messages`, cookie: w.carol.cookie, params: { id: c.id } })).json()) as { messages: MessageDto[] }).messages
        .filter((m) => m.kind === "system" && m.direction === "outbound")
        // Lines written in one millisecond share a time: their change numbers order them.
        .sort((x, y) => x.seq - y.seq)
        .map((m) => m.text);
    const before = await lines();
    const carol = await w.socketFor(w.carol);
    const bob = await w.socketFor(w.bob);
    await assignTo(c.id, w.carol.userId, w.alice.cookie);
    await assignTo(c.id, w.carol.userId, w.alice.cookie);
    await assignTo(c.id, w.alice.userId, w.alice.cookie);
    await assignTo(c.id, null, w.alice.cookie);
    await assignTo(c.id, w.carol.userId, w.carol.cookie);
    await assignTo(c.id, null, w.carol.cookie);
    expect((await lines()).slice(before.length)).toEqual([
      "Alice Nguyen assigned this to Carol Tran",
      "Alice Nguyen took this over from Carol Tran",
      "Alice Nguyen unassigned themselves",
      "Carol Tran took this conversation",
      "Carol Tran unassigned themselves",
    ]);
    await eventually(
      () => carol.events.filter((e) => e.event === "new-message" && (e.payload as { message: MessageDto }).message.kind === "system").length === 5,
      2000,
      "carol gets the five lines live",
    );
    const line = carol.events.find((e) => e.event === "new-message")?.payload as { message: MessageDto; change: { count: number } };
    // The line and the conversation's new owner are one change: two events.
    expect(line.change.count).toBe(2);
    expect(line.message.senderUserId).toBe(w.alice.userId);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("views: Mine, Unassigned and All, each agent's own Mine", async () => {
    const c = await acmeConversation();
    await assignTo(c.id, w.carol.userId, w.carol.cookie);
    expect(await view("me", w.carol.cookie)).toEqual([c.id]);
    expect(await view("me", w.alice.cookie)).not.toContain(c.id);
    expect(await view("unassigned", w.alice.cookie)).not.toContain(c.id);
    expect(await view("all", w.alice.cookie)).toContain(c.id);
    expect(await view(w.carol.userId, w.alice.cookie)).toEqual([c.id]);
    // Another account cannot list Acme's by naming Carol.
    expect(await view(w.carol.userId, w.bob.cookie)).toEqual([]);
    // Unassigned again, it is back in Unassigned.
    expect((await assignTo(c.id, null, w.carol.cookie)).status).toBe(200);
    expect(await view("unassigned", w.alice.cookie)).toContain(c.id);
    expect(await view("me", w.carol.cookie)).toEqual([]);
  });

  test("refused: an assignee from another account (400), another account's conversation (404), a bad body (400); nothing changes", async () => {
    const c = await acmeConversation();
    await assignTo(c.id, null, w.alice.cookie);
    const foreign = await assignTo(c.id, w.bob.userId, w.alice.cookie);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { reason: string } }).error.reason).toBe("not_a_member");
    expect((await assignTo(c.id, w.bob.userId, w.bob.cookie)).status).toBe(404);
    expect((await call(assign, { path: "/x", body: { assigneeId: 42 }, cookie: w.alice.cookie, params: { id: c.id } })).status).toBe(400);
    expect((await call(assign, { path: "/x", body: { assigneeId: "x\u0000" }, cookie: w.alice.cookie, params: { id: c.id } })).status).toBe(400);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBeNull();
  });

  test("assigning to whoever already has it spends no change number and tells nobody", async () => {
    const c = await acmeConversation();
    await assignTo(c.id, w.alice.userId, w.alice.cookie);
    const before = (await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq;
    const carol = await w.socketFor(w.carol);
    expect((await assignTo(c.id, w.alice.userId, w.alice.cookie)).status).toBe(200);
    await sleep(150);
    expect(carol.events).toEqual([]);
    expect((await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq).toBe(before);
  });

  test("members: an account's own only; emails for admins only", async () => {
    const asAgent = (await (await call(listMembers, { path: "/api/account/members", cookie: w.carol.cookie })).json()) as { members: Member[] };
    expect(asAgent.members.map((m) => m.name).sort()).toEqual(["Alice Nguyen", "Carol Tran", "Dave"]);
    expect(asAgent.members.every((m) => m.email === undefined)).toBe(true);
    const asAdmin = (await (await call(listMembers, { path: "/api/account/members", cookie: w.alice.cookie })).json()) as { members: Member[] };
    expect(asAdmin.members.find((m) => m.name === "Carol Tran")?.email).toBe("carol@acme.test");
    const globex = (await (await call(listMembers, { path: "/api/account/members", cookie: w.bob.cookie })).json()) as { members: Member[] };
    expect(globex.members.map((m) => m.name)).not.toContain("Carol Tran");
    expect((await call(listMembers, { path: "/api/account/members" })).status).toBe(401);
  });

  // Last: it removes Carol from Acme.
  test("a member removed from the account leaves their conversations unassigned, live", async () => {
    const c = await acmeConversation();
    await assignTo(c.id, w.carol.userId, w.alice.cookie);
    const alice = await w.socketFor(w.alice);
    expect((await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: w.carol.userId } })).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBeNull();
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.id === c.id && (e.payload as { conversation: ConversationDto }).conversation.assignee === null),
      2000,
      "alice sees it unassigned",
    );
    const last = await systemDb().message.findFirstOrThrow({ where: { conversationId: c.id, kind: "system" }, orderBy: { createdAt: "desc" } });
    expect(last.text).toBe("Carol Tran was unassigned: they left the account");
    expect(last.senderUserId).toBeNull();
  });
});
