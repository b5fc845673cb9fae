import { parentPort } from "node:worker_threads";
import { resizeImage, type ThumbnailSpec } from "./resize-image";

// Inside the worker thread: one image at a time, the result's bytes handed back without a copy.
parentPort?.on("message", (job: { id: number; bytes: Uint8Array; spec: ThumbnailSpec }) => {
  const result = resizeImage(job.bytes, job.spec);
  if (!result.ok) return parentPort?.postMessage({ id: job.id, result });
  const bytes = new Uint8Array(result.bytes);
  parentPort?.postMessage({ id: job.id, result: { ...result, bytes } }, [bytes.buffer]);
});
