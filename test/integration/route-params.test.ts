import { describe, expect, test } from "vitest";
import { GET as listMessages } from "@/app/api/conversations/[id]/messages/route";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { forChannel } from "../support/channel-route";
import { POST as retry } from "@/app/api/conversations/[id]/messages/[messageId]/retry/route";
import { POST as markRead } from "@/app/api/conversations/[id]/read/route";
import { POST as setStatus } from "@/app/api/conversations/[id]/status/route";
import { DELETE as removeMember } from "@/app/api/account/members/[userId]/route";
import { withSession } from "@/lib/auth/with-session";
import { systemDb } from "@/lib/db";
import { databaseKinds } from "../support/test-db";
import { ACME, call, useWorld } from "../support/world";

const facebookSend = forChannel(channelReply, "facebook");
const zaloSend = forChannel(channelReply, "zalo");

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

// What a path segment can decode to: NUL (%00) and other control bytes, spaces, non-ASCII, empty, overlong.
const badIds = ["\u0000", "abc\u0000def", "\u0001", "\u001f", "\u007f", "a b", " ", "é", "\ud800", "", "x".repeat(129)];

describe.each(databaseKinds())("route ids on %s", (kind) => {
  const w = useWorld(kind);

  test("a NUL or any non-printable id is a 400 on every [id] route, never a 500, and changes nothing", async () => {
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id } });
    const before = await systemDb().conversation.findMany({ orderBy: { id: "asc" } });
    const members = await systemDb().membership.count();
    const routes: { name: string; handler: Handler; method: string; body?: object; params: (bad: string) => Record<string, string> }[] = [
      { name: "GET messages", handler: listMessages as Handler, method: "GET", params: (id) => ({ id }) },
      { name: "POST facebook reply", handler: facebookSend as Handler, method: "POST", body: { text: "x" }, params: (id) => ({ id }) },
      { name: "POST zalo reply", handler: zaloSend as Handler, method: "POST", body: { text: "x" }, params: (id) => ({ id }) },
      { name: "POST read", handler: markRead as Handler, method: "POST", body: {}, params: (id) => ({ id }) },
      { name: "POST status", handler: setStatus as Handler, method: "POST", body: { status: "resolved" }, params: (id) => ({ id }) },
      { name: "POST retry (id)", handler: retry as Handler, method: "POST", body: {}, params: (id) => ({ id, messageId: "m1" }) },
      { name: "POST retry (messageId)", handler: retry as Handler, method: "POST", body: {}, params: (messageId) => ({ id: conversation.id, messageId }) },
      { name: "DELETE member", handler: removeMember as Handler, method: "DELETE", params: (userId) => ({ userId }) },
    ];
    for (const route of routes) {
      for (const bad of badIds) {
        const res = await call(route.handler, { path: "/x", method: route.method, ...(route.body ? { body: route.body } : {}), cookie: w.alice.cookie, params: route.params(bad) as never });
        expect(res.status, `${route.name} with ${JSON.stringify(bad)}`).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
      }
    }
    expect(await systemDb().conversation.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await systemDb().membership.count()).toBe(members);
  });

  test("a route declared without a params schema still refuses a non-printable param (and catch-all element) before its handler", async () => {
    let ran = false;
    const handler = withSession({}, async () => {
      ran = true;
      return Response.json({});
    });
    for (const params of [{ id: "a\u0000" }, { slug: ["ok", "\u0000"] }, { id: "" }]) {
      const res = await call(handler as Handler, { path: "/x", cookie: w.alice.cookie, params: params as never });
      expect(res.status).toBe(400);
    }
    expect(ran).toBe(false);
    expect((await call(handler as Handler, { path: "/x", cookie: w.alice.cookie, params: { slug: ["a", "b"] } as never })).status).toBe(200);
  });

  test("the role lives in the route declaration: an agent removing a member is 403 before anything is looked up", async () => {
    const res = await call(removeMember, { path: "/x", method: "DELETE", cookie: w.carol.cookie, params: { userId: "\u0000" } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});

