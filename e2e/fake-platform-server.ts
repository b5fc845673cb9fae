// The fake platform APIs (one handler per channel) as their own process, for the Playwright run.
import { demoAccounts } from "../lib/demo/seed-demo";
import { demoFakeTokens, startFakePlatform } from "../test/support/fake-platform";
import { E2E_EXTRA_PAGE } from "./extra-page";

const port = Number(process.env.FAKE_PLATFORM_PORT ?? 3199);
const tokens = demoFakeTokens(demoAccounts);
// A page no demo account has, for the Settings → Channels test to connect with its token.
(tokens.facebook as Record<string, string>)[E2E_EXTRA_PAGE.pageId] = E2E_EXTRA_PAGE.token;
await startFakePlatform(tokens, port);
console.log(`fake platform on http://127.0.0.1:${port}`);
