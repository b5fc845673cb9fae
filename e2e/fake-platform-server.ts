// The fake platform APIs (one handler per channel) as their own process, for the Playwright run.
import { demoAccounts } from "../lib/demo/seed-demo";
import { demoFakeTokens, startFakePlatform } from "../test/support/fake-platform";

const port = Number(process.env.FAKE_PLATFORM_PORT ?? 3199);
await startFakePlatform(demoFakeTokens(demoAccounts), port);
console.log(`fake platform on http://127.0.0.1:${port}`);
