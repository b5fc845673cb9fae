import { GET as changesRoute } from "@/app/api/changes/route";
import { GET as conversationsRoute } from "@/app/api/conversations/route";
import type { Changes } from "@/lib/inbox/list-changes";
import type { ChangeRef } from "@/lib/shared/events";
import { ChangeTracker } from "@/lib/shared/change-tracker";
import { client, type TestClient } from "./realtime-harness";
import { TEST_ORIGIN } from "./realtime-harness";
import { call } from "./world";

export type Seen = { messageIds: Set<string>; conversationIds: Set<string>; liveMessageIds: Set<string> };

/**
 * What the browser does, without the browser: a socket whose events are counted
 * by the same ChangeTracker the UI uses, a starting position from the first list,
 * and a catch-up through the real GET /api/changes route after every connect.
 * `seen` is everything the client would show, live or caught up.
 */
export type CatchUpClient = TestClient & { tracker: ChangeTracker; seen: Seen; catchUp: () => Promise<Changes>; catchUps: number };

export async function catchUpClient(url: string, cookie: string, opts: { reconnection?: boolean; transports?: ("websocket" | "polling")[] } = {}): Promise<CatchUpClient> {
  const tracker = new ChangeTracker();
  const seen: Seen = { messageIds: new Set(), conversationIds: new Set(), liveMessageIds: new Set() };
  const list = await call(conversationsRoute, { path: "/api/conversations?limit=1", cookie });
  if (list.status !== 200) throw new Error(`list refused: ${list.status}`);
  tracker.advanceTo(((await list.json()) as { inboxes: Record<string, number> }).inboxes);
  const c = client(url, { cookie, origin: TEST_ORIGIN, reconnection: opts.reconnection ?? false, ...(opts.transports ? { transports: opts.transports } : {}) }) as CatchUpClient;
  c.tracker = tracker;
  c.seen = seen;
  c.catchUps = 0;
  c.catchUp = async () => {
    const res = await call(changesRoute, { path: `/api/changes?since=${encodeURIComponent(tracker.sinceQuery())}`, cookie });
    if (res.status !== 200) throw new Error(`catch-up refused: ${res.status}`);
    const changes = (await res.json()) as Changes;
    if (!changes.complete) throw new Error("catch-up incomplete: the test expected a small one");
    for (const m of changes.messages) seen.messageIds.add(m.id);
    for (const conv of changes.conversations) seen.conversationIds.add(conv.id);
    tracker.advanceTo(changes.inboxes);
    c.catchUps++; // counted once applied
    return changes;
  };
  const count = (change: ChangeRef) => tracker.receive(change);
  c.socket.on("new-message", ({ message, change }) => {
    seen.messageIds.add(message.id);
    seen.liveMessageIds.add(message.id);
    count(change);
  });
  c.socket.on("update-message", ({ message, change }) => {
    seen.messageIds.add(message.id);
    count(change);
  });
  c.socket.on("update-conversation", ({ conversation, change }) => {
    seen.conversationIds.add(conversation.id);
    count(change);
  });
  c.socket.on("connect", () => void c.catchUp().catch((e: unknown) => console.log("catch-up failed", String(e))));
  return c;
}
