import { databaseKind, ingestStatement } from "@/lib/db";
import type { IncomingEvent } from "@/lib/channels/types";
import { isVisitorKey } from "@/lib/channels/visitor-key";
import { createId } from "@/lib/inbox/create-id";
import { emitChange } from "@/lib/inbox/announce";
import { messageDtoFromRow, type MessageRow } from "@/lib/inbox/load-message";
import { conversationDtoFromRow, type ConversationRow } from "@/lib/inbox/load-conversation";
import { groupCommit } from "@/lib/inbox/group-commit";
import { previewOf } from "@/lib/inbox/preview";
import { initialFetchState, type IntegrationRef } from "@/lib/inbox/record-incoming";
import { log } from "@/lib/log";
import { fromDatabaseError } from "@/lib/errors";
import { isKeptMedia } from "@/lib/shared/file-dto";
import { noteStored } from "@/lib/db-maintenance";

// Issue 14: nearly every webhook — customers' messages, the Page's or OA's echoes, delivery and read
// receipts — skips Prisma. Concurrent webhooks are group-committed (lib/inbox/group-commit.ts) and each
// batch is one statement, inbox_ingest (prisma/migrations/20261219000000_ingest_fast_path), which does
// record-incoming.ts's work for those events and returns the rows of the real-time events. A batch
// with anything else (edits, reactions, system lines, follows, integration events) goes through
// recordIncoming whole.

export type FastEvent = Extract<IncomingEvent, { kind: "message" | "delivery" | "read" }>;
export type InboundMessage = Extract<IncomingEvent, { kind: "message" }> & { direction: "inbound" };

/** Whether a batch is all messages and receipts: the fast path's whole business. */
export function isFastBatch(events: IncomingEvent[]): events is FastEvent[] {
  return events.length > 0 && events.every((e) => e.kind === "message" || e.kind === "delivery" || e.kind === "read");
}

export type FastJob = { integration: IntegrationRef; events: FastEvent[]; fallbackName: (externalId: string) => string };
/** What recordIncoming would report for the same events (wake-up lines count as new messages there too). */
export type FastResult = { newMessageIds: string[]; updatedMessageIds: string[]; newContactIds: string[]; newAttachmentIds: string[] };

type Attachment = { id: string; type: string; url: string | null; name: string | null; payload?: unknown; fetchState?: string; fetchError?: string; nextFetchAt?: string };
/** One item of inbox_ingest's input: every id is made here, so the statement needs no second trip. */
type Item = { accountId: string; integrationId: string; contactExternalId: string } & (
  | {
      kind: "in" | "out";
      contactId: string;
      contactName: string;
      conversationId: string;
      messageId: string;
      wakeId: string;
      externalId: string;
      text: string;
      at: string;
      preview: string;
      replyToExternalId?: string;
      payload?: string;
      /** An echo: the file type of the pending reply part it may stand for; null for a text part (adoptPendingReply). */
      adoptType: string | null;
      attachments: Attachment[];
    }
  | { kind: "delivery" | "read"; externalIds: string[]; watermark: string | null }
);

// The SQL function's answer (our own statement's JSON, typed here rather than parsed again on the hot path).
type Outcome = { contactId: string | null; contactInserted: boolean; conversationId: string | null; messageId: string | null; woke: boolean; updated: string[] };
type Answer = { items: Outcome[]; changes: { integrationId: string; accountId: string; seq: number; fresh: string[]; messages: MessageRow[]; conversations: ConversationRow[] }[] };


function itemOf(job: FastJob, e: FastEvent, now: Date): { item: Item; pending: string[] } {
  const { integration } = job;
  const base = { accountId: integration.accountId, integrationId: integration.id, contactExternalId: e.contactExternalId };
  if (e.kind !== "message") {
    const item: Item = { ...base, kind: e.kind, externalIds: e.externalIds ?? [], watermark: e.watermark?.toISOString() ?? null };
    return { item, pending: [] };
  }
  const pending: string[] = [];
  const attachments = e.attachments.map((a): Attachment => {
    const id = createId();
    const state = isKeptMedia(a.type) ? initialFetchState(a.url, now) : null;
    if (state?.fetchState === "pending") pending.push(id);
    return {
      id,
      type: a.type,
      url: a.url,
      name: a.name,
      ...(a.payload === undefined ? {} : { payload: a.payload }),
      ...(state ? { fetchState: state.fetchState, ...("fetchError" in state ? { fetchError: state.fetchError } : { nextFetchAt: state.nextFetchAt.toISOString() }) } : {}),
    };
  });
  const firstType = e.attachments[0]?.type ?? null;
  const item: Item = {
    ...base,
    kind: e.direction === "inbound" ? "in" : "out",
    contactId: createId(),
    contactName: job.fallbackName(e.contactExternalId),
    conversationId: createId(),
    messageId: createId(),
    wakeId: createId(),
    externalId: e.externalId,
    text: e.text,
    at: e.timestamp.toISOString(),
    preview: previewOf(e.text, e.attachments),
    ...(e.replyToExternalId ? { replyToExternalId: e.replyToExternalId } : {}),
    ...(e.payload ? { payload: e.payload } : {}),
    // record-incoming.ts's adoptPendingReply: a file's echo has no text; a text echo stands for a part without a file.
    adoptType: firstType !== null && e.text === "" ? firstType : null,
    attachments,
  };
  return { item, pending };
}

/** One batch, one statement, one commit; then its events, then each job's own outcome. */
async function runBatch(jobs: FastJob[]): Promise<FastResult[]> {
  const now = new Date();
  const entries = jobs.flatMap((job, j) => job.events.map((e) => ({ j, ...itemOf(job, e, now) })));
  // Every writer locks contacts in this order (record-incoming.ts sorts the same way); the sort is stable.
  entries.sort((a, b) => cmp(a.item.integrationId, b.item.integrationId) || cmp(a.item.contactExternalId, b.item.contactExternalId));
  let answer: Answer;
  try {
    answer = (await ingestStatement(JSON.stringify(entries.map((e) => e.item)))) as Answer;
  } catch (err) {
    // Nothing of the batch is stored; group-commit.ts retries its webhooks one by one (or fails them all, database down).
    log().warn({ err, sqlstate: (err as { code?: unknown }).code, webhooks: jobs.length, items: entries.length }, "fast path: batch failed");
    throw err;
  }
  noteStored(entries.length);
  for (const c of answer.changes) {
    try {
      const messages = c.messages.map(messageDtoFromRow);
      const conversations = c.conversations.map((x) => conversationDtoFromRow(x, null));
      emitChange({ accountId: c.accountId, integrationId: c.integrationId, seq: c.seq, fresh: new Set(c.fresh), messages, conversations });
    } catch (err) {
      // Committed: the answer is still 200, and clients catch up by change number.
      log().error({ err, integrationId: c.integrationId, seq: c.seq }, "fast path: events not emitted");
    }
  }
  const results = jobs.map((): FastResult => ({ newMessageIds: [], updatedMessageIds: [], newContactIds: [], newAttachmentIds: [] }));
  entries.forEach((e, k) => {
    const outcome = answer.items[k]!;
    const r = results[e.j]!;
    if (outcome.contactInserted && outcome.contactId && !isVisitorKey(e.item.contactExternalId) && !r.newContactIds.includes(outcome.contactId)) r.newContactIds.push(outcome.contactId);
    r.updatedMessageIds.push(...outcome.updated);
    if (!outcome.messageId) return; // a redelivery, an adopted reply, a receipt: no new message
    if (outcome.woke && e.item.kind === "in") r.newMessageIds.push(e.item.wakeId);
    r.newMessageIds.push(outcome.messageId);
    r.newAttachmentIds.push(...e.pending);
  });
  return results;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// 64 items keep one statement short. PostgreSQL gets two batches in flight: the database works on
// one while this process answers the other's webhooks (their rows lock in one order, and
// each inbox's change number waits for the previous batch's commit). PGlite runs one statement at a time anyway.
const limits = { maxItems: 64, maxQueued: 4096, size: (job: FastJob) => job.events.length };
// One account may fill a quarter of the queue: a tenant flooding its own signed webhooks (it holds
// its OA's key) gets 503s for itself, while the other accounts' webhooks keep being admitted.
const limitsAnd = {
  ...limits,
  failsAll: (err: unknown) => fromDatabaseError(err)?.code === "unavailable",
  owner: (job: FastJob) => job.integration.accountId,
  maxQueuedPerOwner: limits.maxQueued / 4,
};
const submitters = { postgres: groupCommit(runBatch, { ...limitsAnd, concurrency: 2 }), pglite: groupCommit(runBatch, limitsAnd) };

/** Stores a batch of messages and receipts for one integration; resolves after the commit that holds it. */
export function recordFast(job: FastJob): Promise<FastResult> {
  return submitters[databaseKind()](job);
}
