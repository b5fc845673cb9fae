import { Writable } from "node:stream";
import { resetLogDestination, setLogDestination } from "@/lib/log";

/** Every JSON log line written until `stop()`, at `level` (tests run silent otherwise). */
export function captureLogs(level = "info"): { lines: Record<string, unknown>[]; stop: () => void } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  setLogDestination(sink);
  return {
    lines,
    stop: () => {
      if (previous === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previous;
      resetLogDestination();
    },
  };
}
