import { decodeCursor, encodeCursor } from "@/lib/inbox/cursor";

type After<F extends string> = { OR: (Record<F, { lt: Date }> | (Record<F, Date> & { id: { lt: string } }))[] };

/**
 * Keyset pagination on (field, id), newest first: the where clause for rows after
 * the cursor, the order, how many to read (one more than the page, to know if
 * there is a next), and the page with its nextCursor. Lists use only this.
 */
export function keysetPage<F extends string>(opts: { field: F; cursor: string | null | undefined; limit: number }) {
  const { field, limit } = opts;
  const cursor = decodeCursor(opts.cursor ?? null);
  const after: After<F> | null = cursor
    ? { OR: [{ [field]: { lt: cursor.at } } as Record<F, { lt: Date }>, { [field]: cursor.at, id: { lt: cursor.id } } as Record<F, Date> & { id: { lt: string } }] }
    : null;
  return {
    /** Rows strictly after the cursor; null on the first page. */
    after,
    orderBy: [{ [field]: "desc" } as Record<F, "desc">, { id: "desc" as const }],
    take: limit + 1,
    page<R extends { id: string } & Record<F, Date>>(rows: R[]): { rows: R[]; nextCursor: string | null } {
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ at: last[field], id: last.id }) : null };
    },
  };
}
