import { existsSync } from "node:fs";
import path from "node:path";
import * as threads from "node:worker_threads";
import type { Worker } from "node:worker_threads";
import { ensureProcessState } from "@/lib/process-state";
import { imageInfo } from "@/lib/files/image-info";
import { THUMBNAIL_SPEC, type ThumbnailResult, type ThumbnailSpec } from "@/lib/files/resize-image";

/**
 * Thumbnails off the event loop. A pure-JS decode takes seconds on a phone photo (measured here:
 * jpeg-js decodes 12 MP in 2.2–4.5 s, 24 MP in ~13 s on a busy 2-core machine), which on the main
 * thread would stall every socket and webhook of the process. So one worker thread per process
 * does them one at a time, each within a time budget (the worker is ended when it overruns), and a
 * bounded queue: past it, or on any failure, there is simply no thumbnail.
 */
export type ThumbnailOptions = ThumbnailSpec & { timeoutMs: number };

export const THUMBNAIL_OPTIONS: ThumbnailOptions = { ...THUMBNAIL_SPEC, timeoutMs: 20_000 };
const QUEUE_LIMIT = 64;
/** An idle worker is ended after this long (it holds the decoders' memory). */
const IDLE_MS = 30_000;

type Job = { bytes: Uint8Array; options: ThumbnailOptions; resolve: (r: ThumbnailResult) => void };
type Reply = { id?: number; result?: ThumbnailResult };
type Thumbnailer = { worker: Worker | null; queue: Job[]; running: boolean; nextId: number; idle: NodeJS.Timeout | null };

declare module "@/lib/process-state" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augments the interface
  interface ProcessState {
    /** The thumbnail worker and its queue (lib/files/make-thumbnail.ts). */
    thumbnailer: Thumbnailer;
  }
}

const state = () => ensureProcessState("thumbnailer", (): Thumbnailer => ({ worker: null, queue: [], running: false, nextId: 1, idle: null }));

/** Never throws, never blocks the event loop on pixels: what is cheap (the header) is judged here. */
export async function makeThumbnail(bytes: Uint8Array, options: ThumbnailOptions = THUMBNAIL_OPTIONS): Promise<ThumbnailResult> {
  const info = imageInfo(bytes);
  if (!info || (info.format !== "jpeg" && info.format !== "png")) return { ok: false, reason: "not_resizable" };
  if (info.width * info.height > options.maxPixels) return { ok: false, reason: "too_many_pixels", detail: `${info.width}×${info.height}` };
  if (Math.max(info.width, info.height) <= options.maxSide) return { ok: false, reason: "small_enough" };
  const t = state();
  if (t.queue.length >= QUEUE_LIMIT) return { ok: false, reason: "busy" };
  const result = new Promise<ThumbnailResult>((resolve) => t.queue.push({ bytes, options, resolve }));
  void drain(t);
  return result;
}

async function drain(t: Thumbnailer): Promise<void> {
  if (t.running) return;
  t.running = true;
  if (t.idle) clearTimeout(t.idle);
  try {
    for (let job = t.queue.shift(); job; job = t.queue.shift()) job.resolve(await runJob(t, job));
  } finally {
    t.running = false;
    t.idle = setTimeout(() => stopWorker(t), IDLE_MS);
    t.idle.unref();
  }
}

function startWorker(): Worker {
  // Beside this file in the source tree; Next's bundles run from elsewhere, the process from the project root.
  const entry = path.join(process.cwd(), "lib/files/thumbnail-worker.mjs");
  if (!existsSync(entry)) throw new Error(`no thumbnail worker at ${entry}`);
  // Looked up at run time: Next's bundler follows a literal `new Worker(...)` and would bundle the
  // worker, and with it tsx and esbuild's binary. The worker runs from the source tree instead.
  const Spawn = Reflect.get(threads, "Worker") as typeof threads.Worker;
  const worker = new Spawn(entry);
  // Never what keeps a process (or a test run) alive.
  worker.unref();
  return worker;
}

function stopWorker(t: Thumbnailer): void {
  const w = t.worker;
  t.worker = null;
  if (w) void w.terminate();
}

function runJob(t: Thumbnailer, job: Job): Promise<ThumbnailResult> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = t.worker ??= startWorker();
    } catch (err) {
      return resolve({ ok: false, reason: "failed", detail: (err as Error).message });
    }
    const id = t.nextId++;
    let settled = false;
    const finish = (r: ThumbnailResult, kill = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (kill && t.worker === worker) stopWorker(t);
      resolve(r);
    };
    const onMessage = (m: Reply) => {
      if (m.id !== id || !m.result) return;
      const r = m.result;
      finish(r.ok ? { ...r, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) } : r);
    };
    const onError = (err: Error) => finish({ ok: false, reason: "failed", detail: err.message }, true);
    const onExit = () => {
      if (t.worker === worker) t.worker = null;
      finish({ ok: false, reason: "failed", detail: "the worker exited" });
    };
    // The budget includes a cold start (tsx compiling the worker's modules, well under a second).
    const timer = setTimeout(() => finish({ ok: false, reason: "timeout", detail: `over ${job.options.timeoutMs} ms` }, true), job.options.timeoutMs);
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    // A copy of its own, moved to the worker: the caller's Buffer may share a pooled ArrayBuffer.
    const copy = new Uint8Array(job.bytes);
    const { timeoutMs: _t, ...spec } = job.options;
    worker.postMessage({ id, bytes: copy, spec }, [copy.buffer]);
  });
}
