/** A timestamp(3) in PostgreSQL's JSON has no zone: it is UTC, as Prisma writes it. */
export const utc = (s: string): Date => new Date(`${s}Z`);
export const utcOrNull = (s: string | null): Date | null => (s === null ? null : utc(s));
