import type { ChangeRef } from "@/lib/shared/events";

/** Inbox id → the last change number held of it. */
export type Positions = Record<string, number>;

/**
 * The client half of catch-up (browser and tests share it; no server imports).
 *
 * Every change to an inbox commits with the next number of that inbox and is
 * announced in `count` events that all carry `{inboxId, seq, count}`. The tracker
 * holds, per inbox, the number up to which every change was received in full.
 * After each (re)connect, and whenever a gap stays open, the client asks the
 * server for everything after those positions (GET /api/changes?since=…), scoped
 * by the session connecting now. Nothing is missed: an event lost to a dropped
 * connection, a lost Redis packet or a crash between commit and emit leaves a hole
 * the next catch-up fills. Nothing is shown twice: rows carry their own `seq` and
 * the cache keeps the higher one.
 */
export class ChangeTracker {
  private held = new Map<string, number>();
  private received = new Map<string, Map<number, number>>(); // inbox → seq → events received (above held)
  private known = false;
  private openSince: number | null = null;

  /** True once a starting position was taken (from the first list, or a catch-up). */
  get started(): boolean {
    return this.known;
  }

  /** Takes positions the server vouched for: the list's first page, or a catch-up's answer. Never moves back. */
  advanceTo(positions: Positions, now = Date.now()): void {
    this.known = true;
    for (const [inbox, seq] of Object.entries(positions)) if (seq > this.position(inbox)) this.held.set(inbox, seq);
    for (const inbox of this.received.keys()) this.settle(inbox);
    this.touch(now);
  }

  /** Counts one live event. Returns false for one of a change already held (it is still safe to apply). */
  receive(change: ChangeRef, now = Date.now()): boolean {
    if (change.seq <= this.position(change.inboxId)) return false;
    const seen = this.received.get(change.inboxId) ?? new Map<number, number>();
    this.received.set(change.inboxId, seen);
    seen.set(change.seq, (seen.get(change.seq) ?? 0) + 1);
    if ((seen.get(change.seq) ?? 0) >= change.count) seen.set(change.seq, Infinity);
    this.settle(change.inboxId);
    this.touch(now);
    return true;
  }

  /** How long some received change has waited for an earlier one (ms); 0 when there is no hole. */
  gapAge(now = Date.now()): number {
    return this.known && this.openSince !== null ? now - this.openSince : 0;
  }

  position(inbox: string): number {
    return this.held.get(inbox) ?? 0;
  }

  positions(): Positions {
    return Object.fromEntries(this.held);
  }

  /** The `since` query of GET /api/changes. */
  sinceQuery(): string {
    return [...this.held].map(([inbox, seq]) => `${inbox}:${seq}`).join(",");
  }

  /** Moves an inbox's position over every change now complete right after it. */
  private settle(inbox: string): void {
    const seen = this.received.get(inbox);
    if (!seen || !this.known) return;
    let at = this.position(inbox);
    while (seen.get(at + 1) === Infinity) seen.delete(++at);
    for (const seq of seen.keys()) if (seq <= at) seen.delete(seq);
    this.held.set(inbox, at);
    if (!seen.size) this.received.delete(inbox);
  }

  private touch(now: number): void {
    const open = this.known && this.received.size > 0;
    if (!open) this.openSince = null;
    else this.openSince ??= now;
  }
}
