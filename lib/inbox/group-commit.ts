import { AsyncLocalStorage } from "node:async_hooks";
import { AppError } from "@/lib/errors";

export type GroupCommitLimits<J> = {
  /** Items (not jobs) one batch may hold; a job larger than this runs alone. */
  maxItems: number;
  /** Items that may wait; past it a job is refused with 503 at once (a platform retries). */
  maxQueued: number;
  size: (job: J) => number;
  /** Batches in flight at once (default 1): a second one lets the database work while this process handles the first's answers. */
  concurrency?: number;
  /** An error no job caused (the database is down): the whole batch fails at once, not job by job. */
  failsAll?: (err: unknown) => boolean;
  /** Whose job it is (an account), and how many items one owner may have waiting: one tenant's flood fills its own share, not the queue. */
  owner?: (job: J) => string;
  maxQueuedPerOwner?: number;
};

/**
 * Group commit: a job submitted while fewer than `concurrency` batches run starts one on the next
 * turn of the event loop (a lone webhook waits for nothing else), with whatever arrived by then;
 * jobs submitted while batches run go together into the next, so N concurrent webhooks cost
 * about one commit, not N. Each job's promise settles after the commit that holds
 * it. When a batch fails, its jobs are run again one by one, so one bad job fails only itself.
 * The wait is bounded by one batch's run, the batch by maxItems, the queue by maxQueued, and one
 * owner's share of it by maxQueuedPerOwner.
 */
export function groupCommit<J, R>(run: (jobs: J[]) => Promise<R[]>, limits: GroupCommitLimits<J>): (job: J) => Promise<R> {
  // `within`: the submitter's async context (its request id in the logs), which a batch runs in —
  // the first job's for a batch of several — rather than the context of whoever started the loop.
  type Waiting = { job: J; size: number; owner: string; within: <T>(fn: () => T) => T; resolve: (r: R) => void; reject: (err: unknown) => void };
  const queue: Waiting[] = [];
  let queued = 0;
  const queuedBy = new Map<string, number>();
  const take = (w: Waiting) => {
    const left = (queuedBy.get(w.owner) ?? 0) - w.size;
    if (left > 0) queuedBy.set(w.owner, left);
    else queuedBy.delete(w.owner);
  };
  let running = 0;
  const concurrency = limits.concurrency ?? 1;

  async function settle(batch: Waiting[]): Promise<void> {
    try {
      const results = await batch[0]!.within(() => run(batch.map((w) => w.job)));
      batch.forEach((w, i) => w.resolve(results[i]!));
      return;
    } catch (err) {
      if (batch.length === 1 || limits.failsAll?.(err)) return batch.forEach((w) => w.reject(err));
    }
    for (const w of batch) {
      try {
        w.resolve((await w.within(() => run([w.job])))[0]!);
      } catch (err) {
        w.reject(err);
      }
    }
  }

  async function pump(): Promise<void> {
    running++;
    try {
      for (;;) {
        // One turn of the event loop first: requests already readable are parsed and join this
        // batch. Without it a database that runs on this thread (PGlite) never lets a queue form.
        await new Promise((resolve) => setImmediate(resolve));
        if (!queue.length) break;
        const batch: Waiting[] = [queue.shift()!];
        let items = batch[0]!.size;
        while (queue.length && items + queue[0]!.size <= limits.maxItems) {
          const next = queue.shift()!;
          items += next.size;
          batch.push(next);
        }
        queued -= items;
        batch.forEach(take);
        await settle(batch);
      }
    } finally {
      running--;
    }
  }

  return (job) => {
    const size = limits.size(job);
    const owner = limits.owner?.(job) ?? "";
    const mine = queuedBy.get(owner) ?? 0;
    // An empty queue (or share) takes any job, however large: a delivery bigger than the bound is still stored.
    if ((queued > 0 && queued + size > limits.maxQueued) || (mine > 0 && mine + size > (limits.maxQueuedPerOwner ?? Infinity))) {
      return Promise.reject(new AppError("unavailable", "Too many webhooks waiting to be stored; retry later"));
    }
    return new Promise<R>((resolve, reject) => {
      queue.push({ job, size, owner, within: AsyncLocalStorage.snapshot(), resolve, reject });
      queued += size;
      queuedBy.set(owner, mine + size);
      if (running < concurrency) void pump();
    });
  };
}
