import pino from "pino";
import { ensureProcessState, setProcessState } from "@/lib/process-state";
import { requestContext } from "@/lib/request-context";


function create(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
      base: { service: "inbox" },
      // Every line written while serving a request carries its id.
      mixin: () => {
        const ctx = requestContext();
        return ctx ? { requestId: ctx.requestId } : {};
      },
      redact: { paths: ["accessToken", "secretKey", "password", "token", "*.accessToken", "*.secretKey", "*.password", "*.token", "headers.cookie", "*.headers.cookie"], censor: "[redacted]" },
    },
    destination,
  );
}

/** One structured JSON logger per process (server.ts and the Next bundles share it). */
export function log(): pino.Logger {
  return ensureProcessState("logger", () => create());
}

/** Back to the default destination (tests that read logs put it back). */
export function resetLogDestination(): void {
  setProcessState("logger", undefined);
}

/** Tests read what was logged. */
export function setLogDestination(destination: pino.DestinationStream): void {
  setProcessState("logger", create(destination));
}
