import { db, systemDb } from "@/lib/db";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ensureProcessState } from "@/lib/process-state";
import { fetchMedia } from "@/lib/files/fetch-media";
import { saveFile } from "@/lib/files/save-file";
import { dropStoredFile, saveThumbnail } from "@/lib/files/save-thumbnail";
import { sniffType } from "@/lib/files/sniff-type";
import { announce, noChanges } from "@/lib/inbox/announce";
import { runInBackground } from "@/lib/inbox/run-in-background";
import { stampChanges } from "@/lib/inbox/stamp-changes";

/** Downloads at once per process: each holds up to MEDIA_MAX_BYTES in memory. */
const SLOTS = 4;

declare module "@/lib/process-state" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augments the interface
  interface ProcessState {
    /** Free download slots and who waits for one (lib/inbox/keep-inbound-attachments.ts). */
    mediaSlots: { free: number; waiting: (() => void)[] };
  }
}

type Claimed = {
  id: string;
  messageId: string;
  url: string;
  name: string | null;
  type: string;
  fetchAttempts: number;
  accountId: string;
  integrationId: string;
};

type Outcome = { state: "stored"; fileId: string } | { state: "unavailable"; error: string } | { state: "retry"; error: string };

/**
 * After commit: downloads these pending attachments (one attempt each), never on the
 * webhook's clock. What is not done here is left pending with its next attempt's time,
 * for the sweep (startMediaSweeper), so a crash or a restart loses nothing.
 */
export async function keepInboundAttachments(opts: { attachmentIds: string[]; now?: Date }): Promise<void> {
  for (const id of opts.attachmentIds) await withSlot(() => attempt(id, opts.now ?? new Date()));
}

/**
 * Every node may sweep: a due attachment is claimed by one of them (SKIP LOCKED), and its
 * lease keeps the others off it for one download's budget. Returns how many were due.
 */
export async function sweepInboundAttachments(opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  // Across accounts (the owner's client); each download then runs as work of its own account.
  const due = await systemDb().attachment.findMany({
    where: { fetchState: "pending", nextFetchAt: { lte: now } },
    orderBy: { nextFetchAt: "asc" },
    take: opts.limit ?? 50,
    select: { id: true, message: { select: { accountId: true } } },
  });
  await Promise.all(due.map((a) => asAccount(a.message.accountId, () => withSlot(() => attempt(a.id, now)))));
  return due.length;
}

/** Sweeps now and every intervalMs (server.ts); the returned function stops it. */
export function startMediaSweeper(opts: { intervalMs: number }): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runInBackground(sweepInboundAttachments().finally(() => (running = false)));
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function attempt(id: string, now: Date): Promise<void> {
  const claimed = await claim(id, now);
  if (!claimed) return; // settled, not due, or another worker holds it
  const outcome = await download(claimed);
  if (outcome.state === "retry" && claimed.fetchAttempts < env().media.maxAttempts) {
    // Nothing an agent sees changes: the placeholder stays.
    const delay = env().media.retryBaseMs * 4 ** (claimed.fetchAttempts - 1);
    await db().attachment.updateMany({
      where: { id, fetchState: "pending" },
      data: { nextFetchAt: new Date(Math.max(now.getTime(), Date.now()) + delay), fetchError: outcome.error },
    });
    log().info({ attachmentId: id, attempt: claimed.fetchAttempts, reason: outcome.error, retryInMs: delay }, "inbound attachment not downloaded; will retry");
    return;
  }
  await settle(claimed, outcome.state === "stored" ? outcome : { state: "unavailable", error: outcome.error });
}

/**
 * Takes one due attachment: attempts counted, its lease pushed past one download's budget.
 * A worker that dies mid-download leaves a lease that runs out; the next sweep retries.
 */
async function claim(id: string, now: Date): Promise<Claimed | null> {
  const lease = new Date(Math.max(now.getTime(), Date.now()) + env().media.timeoutMs + 60_000);
  const [row] = await db().$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT "id" FROM "Attachment"
      WHERE "id" = ${id} AND "fetchState" = 'pending' AND "nextFetchAt" <= ${now}::timestamp(3)
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Attachment" a SET "nextFetchAt" = ${lease}::timestamp(3), "fetchAttempts" = a."fetchAttempts" + 1
    FROM due, "Message" m
    WHERE a."id" = due."id" AND m."id" = a."messageId" AND a."url" IS NOT NULL
    RETURNING a."id", a."messageId", a."url", a."name", a."type"::text AS "type", a."fetchAttempts", m."accountId", m."integrationId"`;
  return row ?? null;
}

/** Never throws: every failure is an outcome, so a message is never lost to a download. */
async function download(a: Claimed): Promise<Outcome> {
  const result = await fetchMedia(a.url, env().media);
  if (!result.ok) return result.retryable ? { state: "retry", error: result.reason } : { state: "unavailable", error: result.reason };
  if (!result.bytes.length) return { state: "unavailable", error: "empty" };
  const name = nameOf(a);
  // The bytes decide; HTML or SVG served as image/png is not kept, whatever the header said.
  if (!sniffType(result.bytes, name)) return { state: "unavailable", error: "unknown_type" };
  try {
    const file = await saveFile({ accountId: a.accountId, source: "inbound", name, bytes: result.bytes });
    // Before the swap is announced, so that the thread's first look is already the light copy
    // (bounded by the thumbnailer's budget; without one the original is shown).
    if (file.kind === "image") await saveThumbnail({ accountId: a.accountId, fileId: file.id });
    return { state: "stored", fileId: file.id };
  } catch (err) {
    log().warn({ err, attachmentId: a.id }, "inbound attachment not stored");
    return { state: "retry", error: "store_failed" };
  }
}

/** The state agents see changes: stamped and announced, so open threads swap the placeholder live. */
async function settle(a: Claimed, outcome: { state: "stored"; fileId: string } | { state: "unavailable"; error: string }): Promise<void> {
  const seq = await db().$transaction(async (tx) => {
    const updated = await tx.attachment.updateMany({
      where: { id: a.id, fetchState: "pending" },
      data: outcome.state === "stored" ? { fetchState: "stored", fileId: outcome.fileId, nextFetchAt: null, fetchError: null } : { fetchState: "unavailable", nextFetchAt: null, fetchError: outcome.error },
    });
    if (!updated.count) return null;
    // No conversation is touched: the message row, then the inbox (stampChanges), as the lock order wants.
    return stampChanges(tx, { integrationId: a.integrationId, messageIds: [a.messageId], conversationIds: [] });
  });
  if (seq === null) {
    // Settled meanwhile by a worker whose lease had run out: this copy is not needed.
    if (outcome.state === "stored") await dropStoredFile({ accountId: a.accountId, fileId: outcome.fileId });
    return;
  }
  if (outcome.state === "unavailable") log().info({ attachmentId: a.id, reason: outcome.error }, "inbound attachment unavailable");
  await announce({ accountId: a.accountId, integrationId: a.integrationId, seq, changes: { ...noChanges(), updatedMessageIds: [a.messageId] } });
}

/** The platform's name, else the URL's last path segment (saveFile cleans it), else the type. */
function nameOf(a: Claimed): string {
  if (a.name) return a.name;
  try {
    const last = decodeURIComponent(new URL(a.url).pathname.split("/").pop() ?? "");
    if (last) return last;
  } catch {
    // a malformed escape: fall through
  }
  return a.type;
}

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  const slots = ensureProcessState("mediaSlots", () => ({ free: SLOTS, waiting: [] }));
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}
