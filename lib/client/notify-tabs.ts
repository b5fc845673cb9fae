// What one agent's tabs agree on through the browser (same origin): one notification per event,
// and none for the conversation some tab of theirs shows on screen.

/** A record that an event was notified stays this long: later tabs (or a late event) stay quiet. */
const NOTIFIED_TTL_MS = 5 * 60_000;
/** A tab says which conversation it shows at least this often while it is visible. */
export const VIEWING_HEARTBEAT_MS = 10_000;
const VIEWING_TTL_MS = 25_000;

const notifiedPrefix = (userId: string) => `inbox.notified:${userId}:`;
const viewingPrefix = (userId: string) => `inbox.viewing:${userId}:`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: each tab decides alone (the Notification tag still merges them)
  }
}

function entries(store: Storage, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) out.push([key, store.getItem(key) ?? ""]);
  }
  return out;
}

/** Check-and-mark, run by one tab at a time: true for the first tab to ask about this event. */
function firstToMark(userId: string, tag: string): boolean {
  const store = storage();
  if (!store) return true;
  const now = Date.now();
  for (const [key, at] of entries(store, notifiedPrefix(userId))) if (now - Number(at) > NOTIFIED_TTL_MS) store.removeItem(key);
  const key = notifiedPrefix(userId) + tag;
  if (store.getItem(key)) return false;
  store.setItem(key, String(now));
  return true;
}

/** How long the tab that notified holds the event's lock: another tab's copy of localStorage may lag (Chromium syncs it between processes asynchronously). */
const HOLD_MS = 10_000;

/**
 * Runs `show` in exactly one of the agent's tabs for one event (`tag`). The Web Locks API
 * gives the event to one tab, which holds it while the storage mark reaches the others;
 * a tab that comes later still finds the mark. Without locks, storage alone (best effort).
 */
export async function once(userId: string, tag: string, show: () => void): Promise<boolean> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) {
    const first = firstToMark(userId, tag);
    if (first) show();
    return first;
  }
  return new Promise<boolean>((resolve) => {
    void locks.request(`inbox.notify:${userId}:${tag}`, { ifAvailable: true }, async (lock) => {
      if (!lock || !firstToMark(userId, tag)) return resolve(false);
      show();
      resolve(true);
      await new Promise((r) => setTimeout(r, HOLD_MS));
    });
  });
}

/** This tab shows `conversationId` on screen (null: it shows none, or is hidden). */
export function setViewing(userId: string, tabId: string, conversationId: string | null): void {
  const store = storage();
  if (!store) return;
  const key = viewingPrefix(userId) + tabId;
  if (conversationId) store.setItem(key, JSON.stringify({ c: conversationId, at: Date.now() }));
  else store.removeItem(key);
}

/** Whether another tab of the agent shows this conversation on screen right now. */
export function viewedElsewhere(userId: string, tabId: string, conversationId: string): boolean {
  const store = storage();
  if (!store) return false;
  const now = Date.now();
  return entries(store, viewingPrefix(userId)).some(([key, raw]) => {
    if (key === viewingPrefix(userId) + tabId) return false;
    try {
      const v = JSON.parse(raw) as { c?: unknown; at?: unknown };
      return v.c === conversationId && typeof v.at === "number" && now - v.at < VIEWING_TTL_MS;
    } catch {
      return false;
    }
  });
}
