import { expect, test } from "@playwright/test";

test("pages carry the security headers and a request id", async ({ request }) => {
  for (const path of ["/login", "/api/health"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("default-src 'self'");
    expect(h["x-request-id"]).toMatch(/^[\w.:-]{8,}$/);
  }
  const echoed = await request.get("/api/health", { headers: { "x-request-id": "trace-abc-12345" } });
  expect(echoed.headers()["x-request-id"]).toBe("trace-abc-12345");
});

test("the login page works under its CSP (no violations)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the API refuses oversized and malformed bodies with clear errors", async ({ request }) => {
  const big = await request.post("/webhooks/facebook", { data: "x".repeat(1024 * 1024 + 10), headers: { "content-type": "application/json" } });
  expect(big.status()).toBe(413);
  const unsigned = await request.post("/webhooks/facebook", { data: { object: "page", entry: [] } });
  expect(unsigned.status()).toBe(401);
  expect(await unsigned.json()).toMatchObject({ error: { code: "unauthorized" } });
  const noSession = await request.get("/api/conversations");
  expect(noSession.status()).toBe(401);
});
