import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

/**
 * The contrib extensions the migrations create (accent-insensitive, trigram-indexed
 * search). PGlite ships them in its npm package (nothing is downloaded); every PGlite
 * that opens an Inbox database must load them, or the migrations and search fail.
 */
export const pgliteExtensions = { unaccent, pg_trgm };
