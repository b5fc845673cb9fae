import { rateLimiter } from "@/lib/http/rate-limit";

const WINDOW_S = 15 * 60;

// A hard limit keyed on (email, address): a guesser locks out only itself, never the
// real user signing in from elsewhere. A wider per-address limit stops spraying many emails.
const pairFailures = () => rateLimiter("login-failures:pair", { capacity: 10, perSecond: 10 / WINDOW_S });
const addressFailures = () => rateLimiter("login-failures:address", { capacity: 50, perSecond: 50 / WINDOW_S });
// Failures of one email from every address, each forgotten after ~90 s: they slow the
// next attempts (progressive delay) instead of locking the email.
const EMAIL_CAPACITY = 1000;
const emailFailures = () => rateLimiter("login-failures:email", { capacity: EMAIL_CAPACITY, perSecond: 10 / WINDOW_S });

const FREE_FAILURES = 3;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 3000;

type Attempt = { email: string; clientIp: string };

/**
 * Brute-force defence for sign-in. An object so tests can observe `wait`
 * (and skip the real sleep) without module mocking.
 */
export const signInThrottle = {
  /** False when this address, or this address for this email, has failed too often. */
  allowed({ email, clientIp }: Attempt): boolean {
    return pairFailures().peek(`${email}|${clientIp}`) && addressFailures().peek(clientIp);
  },
  /** 0 for the first few failures, then doubling up to a ceiling. */
  delayFor(failures: number): number {
    if (failures < FREE_FAILURES) return 0;
    return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES));
  },
  /** Recent failures of this email, from any address. */
  failuresOf(email: string): number {
    return Math.round(EMAIL_CAPACITY - emailFailures().tokens(email));
  },
  recordFailure({ email, clientIp }: Attempt): void {
    pairFailures().take(`${email}|${clientIp}`);
    addressFailures().take(clientIp);
    emailFailures().take(email);
  },
  wait: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  reset(): void {
    for (const limiter of [pairFailures(), addressFailures(), emailFailures()]) limiter.reset();
  },
};
