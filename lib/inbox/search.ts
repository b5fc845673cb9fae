import { db } from "@/lib/db";

/** A search reaches this many of the newest matching conversations (a bound on one query's work). */
export const SEARCH_LIMIT = 5000;

/** `%`, `_` and `\` typed by the agent are letters, not LIKE wildcards. */
const likeLiteral = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Conversations of the account that a search finds, newest first: by the contact's name
 * (the team's or the platform's), any message or note text, or the platform id typed in
 * full. Accents and case are ignored on both sides (`inbox_fold`: unaccent + lower, the
 * trigram-indexed expression of the search migration), so "don hang" finds "Đơn hàng".
 */
export async function matchingConversationIds(opts: { accountId: string; q: string }): Promise<string[]> {
  const { accountId, q } = opts;
  const pattern = `%${likeLiteral(q)}%`;
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Conversation" c
    WHERE c."accountId" = ${accountId} AND (
      c."contactId" IN (
        SELECT ct."id" FROM "Contact" ct
        WHERE ct."accountId" = ${accountId}
          AND (inbox_fold(coalesce(ct."displayName", '') || ' ' || ct."name") LIKE inbox_fold(${pattern}) OR ct."externalId" = ${q}))
      OR c."id" IN (
        SELECT m."conversationId" FROM "Message" m
        WHERE m."accountId" = ${accountId} AND inbox_fold(m."text") LIKE inbox_fold(${pattern})))
    ORDER BY c."lastMessageAt" DESC, c."id" DESC
    LIMIT ${SEARCH_LIMIT}`;
  return rows.map((r) => r.id);
}

export type SearchMatch = { messageId: string; snippet: string };

/** For each listed conversation, its newest message that matches, cut around the match. */
export async function matchingMessages(opts: { accountId: string; q: string; conversationIds: string[] }): Promise<Map<string, SearchMatch>> {
  const { accountId, q, conversationIds } = opts;
  if (!conversationIds.length) return new Map();
  const rows = await db().$queryRaw<{ conversationId: string; id: string; text: string }[]>`
    SELECT DISTINCT ON (m."conversationId") m."conversationId", m."id", m."text" FROM "Message" m
    WHERE m."conversationId" = ANY(${conversationIds}) AND m."accountId" = ${accountId}
      AND inbox_fold(m."text") LIKE inbox_fold(${`%${likeLiteral(q)}%`})
    ORDER BY m."conversationId", m."createdAt" DESC, m."id" DESC`;
  return new Map(rows.map((r) => [r.conversationId, { messageId: r.id, snippet: snippetAround(r.text, q) }]));
}

/** A letter as the search compares it: no accents (đ is d), lower case. */
const foldChar = (c: string) => c.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

/** About 90 characters of `text` around the first place `q` matches it, accents ignored. */
export function snippetAround(text: string, q: string, width = 90): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  // Folded text, with where each folded character came from in the original.
  let folded = "";
  const from: number[] = [];
  chars.forEach((c, i) => {
    const f = foldChar(c);
    folded += f;
    for (let k = 0; k < f.length; k++) from.push(i);
  });
  const at = folded.indexOf([...q].map(foldChar).join(""));
  const start = at < 0 ? 0 : Math.max(0, (from[at] ?? 0) - Math.floor((width - q.length) / 3));
  const end = Math.min(chars.length, start + width);
  return `${start > 0 ? "…" : ""}${chars.slice(start, end).join("")}${end < chars.length ? "…" : ""}`;
}
