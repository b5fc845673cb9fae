// Waits (up to 3 minutes) until a URL answers 200: lets one node start after another.
const url = process.argv[2]!;
const until = Date.now() + 180_000;
for (;;) {
  const ok = await fetch(url).then((r) => r.ok, () => false);
  if (ok) process.exit(0);
  if (Date.now() > until) {
    console.error(`gave up waiting for ${url}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
export {};
