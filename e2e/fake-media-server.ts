// The fake media CDN (test/support/fake-media-host.ts) as its own process, for the Playwright run.
import { startFakeMediaHost } from "../test/support/fake-media-host";

const host = await startFakeMediaHost(Number(process.env.FAKE_MEDIA_PORT ?? 3198));
console.log(`fake media host on ${host.ip}`);
