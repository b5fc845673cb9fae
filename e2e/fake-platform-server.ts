// The fake Graph / Zalo API as its own process, for the Playwright run.
import { demoAccounts } from "../lib/demo/seed-demo";
import { startFakePlatform } from "../test/support/fake-platform";

const port = Number(process.env.FAKE_PLATFORM_PORT ?? 3199);
const facebook = Object.fromEntries(demoAccounts.map((a) => [a.facebook.pageId, a.facebook.token]));
const zalo = demoAccounts.map((a) => a.zalo.token);
await startFakePlatform({ facebook, zalo }, port);
console.log(`fake platform on http://127.0.0.1:${port}`);
