import { describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { groupCommit } from "@/lib/inbox/group-commit";

/** A run that records each batch and can be told to fail a batch holding a given job. */
function recorder(opts: { failWith?: number; delayMs?: number } = {}) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (jobs: number[]) => {
    batches.push(jobs);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
    inFlight--;
    if (opts.failWith !== undefined && jobs.includes(opts.failWith)) throw new Error(`batch with ${opts.failWith}`);
    return jobs.map((j) => j * 10);
  };
  return { run, batches, maxInFlight: () => maxInFlight };
}

describe("groupCommit", () => {
  test("jobs submitted together, or while a batch runs, share a batch, up to maxItems", async () => {
    const r = recorder();
    const submit = groupCommit(r.run, { maxItems: 4, maxQueued: 100, size: () => 1 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(r.batches).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    // One that comes while a batch runs waits for the next one.
    const first = submit(1);
    await new Promise((res) => setTimeout(res, 1));
    await Promise.all([first, submit(2), submit(3)]);
    expect(r.batches.slice(-2)).toEqual([[1], [2, 3]]);
  });

  test("a failed batch is retried job by job: only the bad job fails", async () => {
    const r = recorder({ failWith: 3 });
    const submit = groupCommit(r.run, { maxItems: 10, maxQueued: 100, size: () => 1 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((j) => submit(j)));
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : "failed"))).toEqual([10, 20, "failed", 40]);
    expect(r.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  test("past maxQueued a job is refused at once with 503, and nothing of it runs", async () => {
    const r = recorder({ delayMs: 20 });
    const submit = groupCommit(r.run, { maxItems: 10, maxQueued: 3, size: (j: number) => j });
    const first = submit(1);
    await new Promise((res) => setTimeout(res, 1)); // its batch runs: no longer queued
    const second = submit(3); // waits: 3 queued
    const refused = await submit(1).then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect(await Promise.all([first, second])).toEqual([10, 30]);
    expect(r.batches.flat()).toEqual([1, 3]);
  });

  test("concurrency bounds the batches in flight", async () => {
    const r = recorder();
    const submit = groupCommit(r.run, { maxItems: 2, maxQueued: 100, size: () => 1, concurrency: 2 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => submit(i)));
    expect(r.maxInFlight()).toBe(2);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.batches.every((b) => b.length <= 2)).toBe(true);
  });

  test("an error no job caused (failsAll) fails the whole batch at once, without retrying each job", async () => {
    const r = recorder({ failWith: 2 });
    const submit = groupCommit(r.run, { maxItems: 10, maxQueued: 100, size: () => 1, failsAll: () => true });
    const settled = await Promise.allSettled([1, 2, 3].map((j) => submit(j)));
    expect(settled.map((x) => x.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  test("a job larger than maxQueued is taken when nothing waits (a valid delivery is never refused for its size)", async () => {
    const r = recorder();
    const submit = groupCommit(r.run, { maxItems: 4, maxQueued: 10, size: (j: number) => j });
    expect(await submit(50)).toBe(500);
    expect(r.batches).toEqual([[50]]);
  });

  test("one owner's flood fills only its share of the queue: another owner's job is still taken", async () => {
    const r = recorder({ delayMs: 20 });
    const submit = groupCommit(r.run, { maxItems: 100, maxQueued: 100, size: () => 1, owner: (j: number) => (j < 1000 ? "flooder" : "other"), maxQueuedPerOwner: 25 });
    const first = submit(0);
    await new Promise((res) => setTimeout(res, 1)); // its batch runs: the queue is empty again
    const flood = Array.from({ length: 40 }, (_, i) => submit(i + 1).then(() => "stored", () => "refused"));
    const other = submit(1000).then(() => "stored", () => "refused");
    const outcomes = await Promise.all(flood);
    expect(outcomes.filter((o) => o === "stored")).toHaveLength(25);
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(15);
    expect(await other).toBe("stored");
    await first;
  });
});
