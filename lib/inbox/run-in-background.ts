import { log } from "@/lib/log";
import { ensureProcessState, getProcessState } from "@/lib/process-state";

/** Work that must not delay a webhook answer; tracked so shutdown and tests can wait for it. */
export function runInBackground(task: Promise<unknown>): void {
  const pending = ensureProcessState("background", () => new Set());
  const tracked = task.catch((err: unknown) => log().warn({ err }, "background task failed")).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** Resolves once every background task (and any they started) has settled. */
export async function settleBackground(): Promise<void> {
  for (let pending = getProcessState("background"); pending?.size; pending = getProcessState("background")) await Promise.all(pending);
}
