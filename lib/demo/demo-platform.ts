import { log } from "@/lib/log";
import { demoAccounts } from "@/lib/demo/seed-demo";

/**
 * The demo's local stand-in for the Graph and Zalo APIs, so that a newcomer's first
 * reply goes through instead of failing against the real hosts with the demo's fake
 * tokens. It is the same fake platform the tests check requests against (it refuses
 * what the real APIs would refuse), started only in demo mode (INBOX_DEMO=1) and only
 * when no platform API URL is configured. Returns its base URL.
 */
export async function startDemoPlatform(): Promise<{ url: string; close: () => Promise<void> }> {
  // Test support code, loaded only here: production never imports it.
  const { demoFakeTokens, startFakePlatform } = await import("../../test/support/fake-platform");
  const platform = await startFakePlatform(demoFakeTokens(demoAccounts));
  log().warn({ url: platform.url }, "demo: platform APIs answered by a local stand-in (not Facebook, not Zalo)");
  return { url: platform.url, close: platform.close };
}
