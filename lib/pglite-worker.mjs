// The embedded database's own thread (issue 14, point 4): PGlite runs PostgreSQL compiled to WASM
// synchronously, so on the request thread every statement stopped the server from reading, parsing
// and answering other requests. This worker owns the PGlite instance; lib/pglite-remote.ts is its
// stand-in on the main thread (Prisma's adapter and the fast path talk to that). Plain JS: it runs
// without tsx, in the process that started it. One message per query, transaction step or close.
import { parentPort } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

const port = parentPort;
if (!port) throw new Error("pglite-worker runs as a worker thread");

/** Types the caller parses itself: left as PostgreSQL's text here (lib/pglite-remote.ts applies its parsers). */
const identity = (x) => x;
const rawParsers = new Map();
const parsersFor = (rawTypes) => {
  const key = rawTypes.join(",");
  let parsers = rawParsers.get(key);
  if (!parsers) rawParsers.set(key, (parsers = Object.fromEntries(rawTypes.map((oid) => [oid, identity]))));
  return parsers;
};

/** What survives postMessage of a PostgreSQL error: its fields, so the main thread can rebuild it. */
const errorFields = ["message", "name", "length", "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where", "schema", "table", "column", "dataType", "constraint", "file", "line", "routine"];
const serializeError = (err) => {
  if (!(err instanceof Error)) return { message: String(err) };
  // PGlite's DatabaseError, recognised by its fields (the bundle's class names are minified).
  const out = { database: typeof err.code === "string" && typeof err.severity === "string" };
  for (const f of errorFields) if (err[f] !== undefined) out[f] = err[f];
  return out;
};

let db;
const transactions = new Map(); // id → { tx, finish(how), settled }
let nextTx = 1;

async function handle(msg) {
  switch (msg.op) {
    case "open":
      db = await PGlite.create(msg.dataDir, { extensions: { unaccent, pg_trgm } });
      return null;
    case "query": {
      const target = msg.tx ? transactions.get(msg.tx)?.tx : db;
      if (!target) throw new Error("transaction is closed");
      const result = await target.query(msg.sql, msg.params, { rowMode: msg.rowMode, parsers: parsersFor(msg.rawTypes) });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case "exec": {
      const target = msg.tx ? transactions.get(msg.tx)?.tx : db;
      if (!target) throw new Error("transaction is closed");
      const results = await target.exec(msg.sql);
      return results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    }
    case "begin": {
      // PGlite's transaction() holds its lock for the callback's life: the callback waits here for
      // the main thread's commit or rollback, and every other statement waits for it.
      const id = nextTx++;
      let finish;
      const done = new Promise((resolve) => (finish = resolve));
      let begun;
      const started = new Promise((resolve) => (begun = resolve));
      const entry = { tx: null, finish, settled: null };
      transactions.set(id, entry);
      entry.settled = db
        .transaction(async (tx) => {
          entry.tx = tx;
          begun();
          if ((await done) === "rollback") await tx.rollback();
        })
        .finally(() => transactions.delete(id));
      entry.settled.catch(() => {}); // observed by commit / rollback (or by the race below)
      await Promise.race([started, entry.settled]);
      return id;
    }
    case "commit":
    case "rollback": {
      const t = transactions.get(msg.tx);
      if (!t) throw new Error("transaction is closed");
      t.finish(msg.op);
      await t.settled; // PGlite has run COMMIT (or ROLLBACK): a failed COMMIT rejects here
      return null;
    }
    case "close":
      await db?.close();
      return null;
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

port.on("message", (msg) => {
  handle(msg).then(
    (result) => port.postMessage({ id: msg.id, result }),
    (err) => port.postMessage({ id: msg.id, error: serializeError(err) }),
  );
});

