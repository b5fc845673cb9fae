import { existsSync } from "node:fs";
import path from "node:path";
import * as threads from "node:worker_threads";
import { messages } from "@electric-sql/pglite";

// The main thread's stand-in for the PGlite instance lib/pglite-worker.mjs owns (issue 14, point 4).
// It offers what pglite-prisma-adapter and the fast path use of a PGlite — query, exec, transaction,
// close — with the same results and errors: rows come back parsed by PGlite in the worker, except
// the types the caller brings its own parsers for, which come back as text and are parsed here.

type Field = { name: string; dataTypeID: number };
type Result<T = unknown> = { rows: T[]; fields: Field[]; affectedRows?: number };
type Parser = (value: string, typeId: number) => unknown;
type QueryOptions = { rowMode?: "array" | "object"; parsers?: Record<number | string, Parser> };
type Reply = { id: number; result?: unknown; error?: Record<string, unknown> & { message?: string; database?: boolean } };

export type RemoteTransaction = {
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions) => Promise<Result<T>>;
  exec: (sql: string) => Promise<Result[]>;
  rollback: () => Promise<void>;
  readonly closed: boolean;
};

/** A PostgreSQL error from the worker as PGlite would have thrown it (the adapter maps DatabaseError by class). */
function rebuild(e: NonNullable<Reply["error"]>): Error {
  const { database, message = "PGlite worker error", ...fields } = e;
  const err = database ? new messages.DatabaseError(message, Number(fields.length ?? 0), "error") : new Error(message);
  Object.assign(err, fields);
  return err;
}

export class RemotePGlite {
  private readonly worker: threads.Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private rawTypes = new WeakMap<object, number[]>();
  private dead: Error | null = null;

  private constructor(worker: threads.Worker) {
    this.worker = worker;
    worker.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.idle();
      if (m.error) p.reject(rebuild(m.error));
      else p.resolve(m.result);
    });
    const fail = (err: Error) => {
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`PGlite worker exited (${code})`)));
    worker.unref();
  }

  static async create(dataDir: string): Promise<RemotePGlite> {
    // Beside this file in the source tree; the process runs from the project root (like lib/files'
    // thumbnail worker). Looked up at run time so that no bundler follows a literal `new Worker(...)`.
    const entry = path.join(process.cwd(), "lib/pglite-worker.mjs");
    if (!existsSync(entry)) throw new Error(`no PGlite worker at ${entry}`);
    const Spawn = Reflect.get(threads, "Worker") as typeof threads.Worker;
    // Plain JS: none of the parent's loaders or inspector flags.
    const remote = new RemotePGlite(new Spawn(entry, { execArgv: [] }));
    await remote.call({ op: "open", dataDir });
    return remote;
  }

  // Referenced only while a call is waiting: an idle database never keeps a process alive, a busy one does.
  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private typesOf(parsers: QueryOptions["parsers"]): number[] {
    if (!parsers) return [];
    let list = this.rawTypes.get(parsers);
    if (!list) this.rawTypes.set(parsers, (list = Object.keys(parsers).map(Number)));
    return list;
  }

  private async run<T>(sql: string, params: unknown[] | undefined, options: QueryOptions | undefined, tx: number | undefined): Promise<Result<T>> {
    const rawTypes = this.typesOf(options?.parsers);
    const result = await this.call<Result<T>>({ op: "query", sql, params: params ?? [], rowMode: options?.rowMode, rawTypes, tx });
    const parsers = options?.parsers;
    if (!parsers || !rawTypes.length || !result.rows.length) return result;
    // The caller's parsers, for the columns of its types (the worker left them as text).
    const own = result.fields.map((f, i) => [i, f, parsers[f.dataTypeID]] as const).filter((x): x is readonly [number, Field, Parser] => x[2] !== undefined);
    if (!own.length) return result;
    for (const row of result.rows as unknown[]) {
      for (const [i, f, parse] of own) {
        const cells = row as Record<string | number, unknown>;
        const key = options?.rowMode === "array" ? i : f.name;
        if (cells[key] !== null) cells[key] = parse(cells[key] as string, f.dataTypeID);
      }
    }
    return result;
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Result<T>> {
    return this.run<T>(sql, params, options, undefined);
  }

  exec(sql: string): Promise<Result[]> {
    return this.call<Result[]>({ op: "exec", sql });
  }

  /** Like PGlite's: commits when `fn` resolves, rolls back when it throws or calls rollback(). */
  async transaction<T>(fn: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const id = await this.call<number>({ op: "begin" });
    let closed = false;
    const tx: RemoteTransaction = {
      query: (sql, params, options) => {
        if (closed) return Promise.reject(new Error("Transaction is closed"));
        return this.run(sql, params, options, id);
      },
      exec: (sql) => (closed ? Promise.reject(new Error("Transaction is closed")) : this.call<Result[]>({ op: "exec", sql, tx: id })),
      rollback: async () => {
        if (closed) throw new Error("Transaction is closed");
        closed = true;
        await this.call({ op: "rollback", tx: id });
      },
      get closed() {
        return closed;
      },
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.call({ op: "rollback", tx: id }).catch(() => undefined);
      }
      throw err;
    }
    if (!closed) {
      closed = true;
      await this.call({ op: "commit", tx: id });
    }
    return value;
  }

  async close(): Promise<void> {
    if (!this.dead) await this.call({ op: "close" }).catch(() => undefined);
    await this.worker.terminate();
  }
}
