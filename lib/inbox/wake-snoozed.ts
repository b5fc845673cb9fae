import { db, systemDb, type Tx } from "@/lib/db";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { log } from "@/lib/log";
import { announce, noChanges } from "@/lib/inbox/announce";
import { runInBackground } from "@/lib/inbox/run-in-background";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { writeStatusLine } from "@/lib/inbox/status-line";

/**
 * In record-incoming's transaction, before the customer's message bumps the conversation (which
 * opens it): a snoozed one gets its snooze cleared and a line saying why it woke. Returns the
 * line's id to announce with the message, or null when it was not snoozed. The conversation row
 * is already locked by the webhook's upsert, so this keeps record-incoming's lock order.
 */
export async function wakeOnCustomerMessage(tx: Tx, c: { accountId: string; integrationId: string; conversationId: string; at: Date }): Promise<string | null> {
  const woke = await tx.$executeRaw`
    UPDATE "Conversation" SET "status" = 'open'::"ConversationStatus", "snoozedUntil" = NULL
    WHERE "id" = ${c.conversationId} AND "status" = 'snoozed'::"ConversationStatus"`;
  if (!woke) return null;
  // Just before the message that woke it, so the thread reads line, then message.
  return writeStatusLine(tx, { ...c, text: "Woke up: the customer wrote", at: new Date(c.at.getTime() - 1) });
}

/**
 * Opens snoozed conversations whose time has come. Every node may sweep: each due conversation
 * is woken in its own transaction that claims it with FOR UPDATE SKIP LOCKED and checks it is
 * still snoozed and due, so two sweepers (or a sweeper and a customer's message) never wake it
 * twice. Returns how many this call woke.
 */
export async function sweepSnoozed(opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  // Across accounts (the owner's client); each one is then woken as work of its own account.
  const due = await systemDb().conversation.findMany({
    where: { status: "snoozed", snoozedUntil: { lte: now } },
    orderBy: { snoozedUntil: "asc" },
    take: opts.limit ?? 100,
    select: { id: true, accountId: true },
  });
  let woken = 0;
  for (const { id, accountId } of due) if (await asAccount(accountId, () => wakeOne(id, now))) woken++;
  return woken;
}

async function wakeOne(conversationId: string, now: Date): Promise<boolean> {
  const done = await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ accountId: string; integrationId: string }[]>`
      SELECT "accountId", "integrationId" FROM "Conversation"
      WHERE "id" = ${conversationId} AND "status" = 'snoozed'::"ConversationStatus" AND "snoozedUntil" <= ${now}::timestamp(3)
      FOR NO KEY UPDATE SKIP LOCKED`;
    if (!row) return null;
    await tx.$executeRaw`UPDATE "Conversation" SET "status" = 'open'::"ConversationStatus", "snoozedUntil" = NULL WHERE "id" = ${conversationId}`;
    const lineId = await writeStatusLine(tx, { ...row, conversationId, text: "Woke up: the snooze ended" });
    const seq = await stampChanges(tx, { integrationId: row.integrationId, messageIds: [lineId], conversationIds: [conversationId] });
    return { ...row, seq, lineId };
  });
  if (!done) return false;
  await announce({ accountId: done.accountId, integrationId: done.integrationId, seq: done.seq, changes: { ...noChanges(), newMessageIds: [done.lineId], conversationIds: [conversationId] } });
  return true;
}

/** Sweeps now and every intervalMs (server.ts); the returned function stops it. */
export function startSnoozeSweeper(opts: { intervalMs: number }): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runInBackground(
      sweepSnoozed()
        .catch((err: unknown) => log().error({ err }, "snooze sweep failed"))
        .finally(() => (running = false)),
    );
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
