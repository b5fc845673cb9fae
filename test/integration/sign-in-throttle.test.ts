import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { signInWithPassword, TooManyAttempts } from "@/lib/auth/auth-options";
import { dummyPasswordHash } from "@/lib/auth/password";
import { SIGN_IN_RATE_LIMITED } from "@/lib/shared/sign-in-error";
import { signInThrottle } from "@/lib/auth/sign-in-throttle";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";
import { databaseKinds } from "../support/test-db";
import { useWorld } from "../support/world";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

describe.each(databaseKinds())("sign-in throttle on %s", (kind) => {
  useWorld(kind);
  let waits: number[] = [];
  beforeEach(() => {
    signInThrottle.reset();
    waits = [];
    // Record the delays instead of sleeping through them.
    vi.spyOn(signInThrottle, "wait").mockImplementation((ms) => {
      waits.push(ms);
      return Promise.resolve();
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    signInThrottle.reset();
  });

  test("ten wrong passwords from address A lock out only A for that email: the real user signs in from B", async () => {
    for (let i = 0; i < 10; i++) expect(await signInWithPassword({ email: "alice@acme.test", password: `guess-${i}` }, "203.0.113.7")).toBeNull();
    // The guesser is now refused outright, even with the right password, and told so.
    await expect(signInWithPassword({ email: "alice@acme.test", password: "guess-x" }, "203.0.113.7")).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(signInWithPassword({ email: "alice@acme.test", password: DEMO_PASSWORD }, "203.0.113.7")).rejects.toThrow(SIGN_IN_RATE_LIMITED);
    // Alice, from her own address, gets in (after a bounded delay, not a lock).
    expect(await signInWithPassword({ email: "alice@acme.test", password: DEMO_PASSWORD }, "198.51.100.1")).toMatchObject({ email: "alice@acme.test" });
    // Ten failures for one email do not lock the address for other users.
    expect(await signInWithPassword({ email: "bob@globex.test", password: DEMO_PASSWORD }, "203.0.113.7")).not.toBeNull();
  });

  test("one address spraying many emails is locked out by the per-address limit; other addresses are not", async () => {
    for (let i = 0; i < 50; i++) expect(await signInWithPassword({ email: `spray-${i}@example.test`, password: "x" }, "203.0.113.9")).toBeNull();
    await expect(signInWithPassword({ email: "carol@acme.test", password: DEMO_PASSWORD }, "203.0.113.9")).rejects.toBeInstanceOf(TooManyAttempts);
    expect(await signInWithPassword({ email: "carol@acme.test", password: DEMO_PASSWORD }, "198.51.100.9")).not.toBeNull();
  });

  test("the delay before each attempt grows with the email's recent failures, from any address, up to a ceiling", async () => {
    for (let i = 0; i < 10; i++) await signInWithPassword({ email: "carol@acme.test", password: `guess-${i}` }, `192.0.2.${i}`);
    // The first failures cost nothing extra; then each one doubles the wait.
    expect(waits.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits[1]!).toBe(2 * waits[0]!);
    expect(Math.max(...waits)).toBeLessThanOrEqual(signInThrottle.delayFor(1000));
    expect(signInThrottle.delayFor(0)).toBe(0);
    expect(signInThrottle.delayFor(1000)).toBeLessThanOrEqual(5000);
    // The right password from a fresh address still works; it waits, it is not refused.
    waits = [];
    expect(await signInWithPassword({ email: "carol@acme.test", password: DEMO_PASSWORD }, "198.51.100.20")).not.toBeNull();
    expect(waits).toEqual([signInThrottle.delayFor(10)]);
  });

  test("the delay is really waited", async () => {
    vi.restoreAllMocks();
    for (let i = 0; i < 4; i++) await signInWithPassword({ email: "nobody-delay@example.test", password: "x" }, `192.0.2.10${i}`);
    const expected = signInThrottle.delayFor(4);
    expect(expected).toBeGreaterThan(0);
    const took = await timed(() => signInWithPassword({ email: "nobody-delay@example.test", password: "x" }, "192.0.2.110"));
    expect(took).toBeGreaterThanOrEqual(expected - 5);
  });

  test("an unknown email costs a password hash too: it answers about as slowly as a known one", async () => {
    expect(await dummyPasswordHash()).toMatch(/^scrypt\$16384\$8\$1\$/);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await timed(() => signInWithPassword({ email: "alice@acme.test", password: `wrong-${i}` }, `192.0.2.20${i}`)));
      unknown.push(await timed(() => signInWithPassword({ email: `nobody-${i}@acme.test`, password: `wrong-${i}` }, `192.0.2.21${i}`)));
    }
    // Without the dummy hash an unknown email took ~1 ms against ~50 ms: a loose ratio is enough to tell.
    expect(median(unknown)).toBeGreaterThan(0.5 * median(known));
  });
});
