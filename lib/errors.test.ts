import { expect, test } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, errorResponse, fromDatabaseError } from "./errors";

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError("x", { code, clientVersion: "6.19.3", ...(meta ? { meta } : {}) });

test.each([
  ["P2025", 404, "not_found"],
  ["P2002", 409, "conflict"],
  ["P1001", 503, "unavailable"],
  ["P1017", 503, "unavailable"],
])("Prisma %s becomes %i", async (code, status, name) => {
  const res = errorResponse(prismaError(code));
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ error: { code: name } });
});

test("database outages are recognised by code or driver kind, at any depth of the cause chain", () => {
  expect(fromDatabaseError(Object.assign(new Error("whatever the text"), { code: "ECONNREFUSED" }))?.code).toBe("unavailable");
  expect(fromDatabaseError(Object.assign(new Error("admin shutdown"), { code: "57P01" }))?.code).toBe("unavailable");
  expect(fromDatabaseError(new Error("wrapped", { cause: Object.assign(new Error("y"), { code: "08006" }) }))?.code).toBe("unavailable");
  expect(fromDatabaseError(prismaError("P9999", { driverAdapterError: { cause: { kind: "ConnectionClosed" } } }))?.code).toBe("unavailable");
  expect(fromDatabaseError(new Error("Connection terminated unexpectedly"))?.code).toBe("unavailable");
});

test("a message that merely mentions a connection problem is not an outage; unknown errors are a 500 that hides details", async () => {
  expect(fromDatabaseError(new Error("user typed ECONNREFUSED in a reply"))).toBeNull();
  const res = errorResponse(new Error("secret internals"));
  expect(res.status).toBe(500);
  expect(JSON.stringify(await res.json())).not.toContain("secret");
  expect(errorResponse(new AppError("forbidden", "no")).status).toBe(403);
});
