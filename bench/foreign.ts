// Drives bench/foreign-clients.ts children: N idle sockets of another account, split over processes.
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { Endpoint } from "./client";
import { ROOT } from "./servers";
import { spawnLogged, stopChild } from "./util";

type Reply = { type: string; connected?: number; failed?: number; errors?: Record<string, number>; eventsReceived?: number; droppedAfterConnect?: number };

class Worker {
  private queue: Reply[] = [];
  private waiting: ((r: Reply) => void) | undefined;
  constructor(
    readonly child: ChildProcess,
    readonly tail: () => string,
  ) {
    child.on("message", (m: unknown) => {
      const r = m as Reply;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(r);
      } else this.queue.push(r);
    });
  }

  next(type: string, timeoutMs: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const take = (r: Reply) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        if (r.type === type) resolve(r);
        else this.next(type, timeoutMs).then(resolve, reject);
      };
      const child = this.child;
      const onExit = () => reject(new Error(`foreign client exited:\n${this.tail()}`));
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`foreign client: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once("exit", onExit);
      const queued = this.queue.shift();
      if (queued) take(queued);
      else this.waiting = take;
    });
  }

  send(msg: object): void {
    this.child.send(msg);
  }
}

export type GrowResult = { connected: number; failed: number; errors: Record<string, number>; eventsReceived: number; droppedAfterConnect: number; seconds: number };

/** Idle sockets of another account, held by `procs` child processes. */
export class ForeignPool {
  private workers: Worker[] = [];
  constructor(
    private readonly ep: Endpoint,
    private readonly opts: { name: string; logDir: string; procs: number; cookie?: string; auth?: Record<string, string> },
  ) {}

  async start(): Promise<void> {
    const config = JSON.stringify({ url: `http://${this.ep.host}:${this.ep.port}`, origin: this.ep.origin, cookie: this.opts.cookie, auth: this.opts.auth });
    for (let i = 0; i < this.opts.procs; i++) {
      const { child, tail } = spawnLogged(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", "bench/foreign-clients.ts"], {
        cwd: ROOT,
        env: { ...process.env, BENCH_FOREIGN_CONFIG: config },
        logFile: path.join(this.opts.logDir, `${this.opts.name}-${i}.log`),
        ipc: true,
      });
      const w = new Worker(child, tail);
      this.workers.push(w);
    }
    await Promise.all(this.workers.map((w) => w.next("ready", 60_000)));
  }

  /** Grows to `total` sockets in all (split evenly); resolves once each handshake finished. */
  async grow(total: number, batch = 200): Promise<GrowResult> {
    const t0 = Date.now();
    const n = this.workers.length;
    const replies = await Promise.all(
      this.workers.map((w, i) => {
        const share = Math.floor(total / n) + (i < total % n ? 1 : 0);
        w.send({ cmd: "grow", total: share, batch: Math.max(1, Math.ceil(batch / n)) });
        return w.next("grown", 300_000);
      }),
    );
    const errors: Record<string, number> = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.errors ?? {})) errors[k] = (errors[k] ?? 0) + v;
    return {
      connected: replies.reduce((a, r) => a + (r.connected ?? 0), 0),
      failed: replies.reduce((a, r) => a + (r.failed ?? 0), 0),
      errors,
      eventsReceived: replies.reduce((a, r) => a + (r.eventsReceived ?? 0), 0),
      droppedAfterConnect: replies.reduce((a, r) => a + (r.droppedAfterConnect ?? 0), 0),
      seconds: (Date.now() - t0) / 1000,
    };
  }

  async stats(): Promise<{ connected: number; eventsReceived: number; droppedAfterConnect: number }> {
    const replies = await Promise.all(
      this.workers.map((w) => {
        w.send({ cmd: "stats" });
        return w.next("stats", 30_000);
      }),
    );
    return {
      connected: replies.reduce((a, r) => a + (r.connected ?? 0), 0),
      eventsReceived: replies.reduce((a, r) => a + (r.eventsReceived ?? 0), 0),
      droppedAfterConnect: replies.reduce((a, r) => a + (r.droppedAfterConnect ?? 0), 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        try {
          w.send({ cmd: "close" });
          await w.next("closed", 20_000);
        } catch {
          /* stopped below anyway */
        }
        await stopChild(w.child, 5000);
      }),
    );
    this.workers = [];
  }
}
