import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { en } from "./messages/en";
import { vi } from "./messages/vi";
import { serverErrorText } from "./server-error";
import { AppError } from "@/lib/errors";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The text of each `name(` call in a file, to its matching parenthesis. */
function calls(text: string, name: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    let depth = 0;
    for (let i = at + name.length - 1; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")" && --depth === 0) {
        out.push(text.slice(at, i + 1));
        break;
      }
    }
  }
  return out;
}

// Refusals only a platform's webhook delivery gets (no form shows them), and the mapping of database errors (said by code).
const webhookOnly = new Set(["lib/channels/facebook/receive-webhook.ts", "lib/channels/zalo/receive-webhook.ts", "lib/http/webhook-route.ts", "lib/server/fast-webhooks.ts", "lib/inbox/group-commit.ts", "lib/errors.ts"]);

const files = ["lib", "app"].flatMap((d) => sources(join(process.cwd(), d))).map((path) => ({ path: relative(process.cwd(), path), text: readFileSync(path, "utf8") }));

/** Every reason the server can send, read from its source: `reason: "…"` in the files that throw AppErrors, and notFound's second argument. */
function serverReasons(): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const f of files) {
    if (!f.text.includes("AppError") && !f.text.includes("notFound(")) continue;
    for (const m of f.text.matchAll(/\breason: "(\w+)"/g)) reasons.set(m[1]!, f.path);
    // One picked by a condition: `const reason = a ? "x" : "y"`.
    if (f.text.includes("new AppError(")) for (const m of f.text.matchAll(/\bconst reason = ([^;]+);/g)) for (const r of m[1]!.matchAll(/"(\w+)"/g)) reasons.set(r[1]!, f.path);
    for (const m of f.text.matchAll(/\bnotFound\("[^"]*", "(\w+)"\)/g)) reasons.set(m[1]!, f.path);
  }
  return reasons;
}

test("every refusal a form can get carries a reason (a stable machine name), not only its English", () => {
  const bare: string[] = [];
  for (const f of files) {
    if (webhookOnly.has(f.path)) continue;
    for (const c of calls(f.text, "new AppError(")) if (!/\breason\b/.test(c) && !/^new AppError\(\w+,/.test(c)) bare.push(`${f.path}: ${c.slice(0, 90)}`);
    // next/navigation's notFound() is a page's 404, not a refusal.
    if (!f.text.includes('from "next/navigation"')) for (const c of calls(f.text, "notFound(")) if (!/^notFound\("[^"]*", "\w+"\)$/.test(c) && !c.startsWith("notFound(what")) bare.push(`${f.path}: ${c}`);
  }
  expect(bare).toEqual([]);
});

test("every reason and every code the server can send is said in English and in Vietnamese", async () => {
  const reasons = serverReasons();
  // The scan finds them where they are (a reason renamed or added shows up here).
  for (const known of ["last_admin", "shortcut_taken", "invite_invalid", "page_taken", "platform_refused_connection", "platform_refused_message", "window_closed_at", "invalid_input"]) expect(reasons.has(known), known).toBe(true);
  expect(reasons.size).toBeGreaterThan(50);
  const missing = [...reasons].filter(([r]) => !(`serverError.${r}` in en) || !(`serverError.${r}` in vi)).map(([r, path]) => `${r} (${path})`);
  expect(missing).toEqual([]);
  // Every code of lib/errors.ts, for a refusal without a reason (or one this page does not know yet).
  const codes = [...readFileSync(join(process.cwd(), "lib/errors.ts"), "utf8").matchAll(/^\s+(\w+): \d{3},/gm)].map((m) => m[1]!);
  expect(codes).toContain("platform_error");
  for (const code of codes) {
    expect(`serverError.code.${code}` in en, code).toBe(true);
    expect(`serverError.code.${code}` in vi, code).toBe(true);
    expect(new AppError(code as never, "x").status).toBeGreaterThanOrEqual(400);
  }
});

test("each reason's Vietnamese names the same things its English does (no param lost or invented)", () => {
  const paramsOf = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
  for (const key of Object.keys(en).filter((k) => k.startsWith("serverError."))) {
    expect(paramsOf(vi[key as keyof typeof vi]), key).toEqual(paramsOf(en[key as keyof typeof en]));
  }
});

test("a refusal in the agent's language: English is the server's sentence; Vietnamese by reason, variant and params", () => {
  const lastAdmin = { code: "bad_request", message: "An account needs at least one admin: make someone else an admin first", reason: "last_admin" };
  expect(serverErrorText("en", lastAdmin)).toBe(lastAdmin.message);
  expect(serverErrorText("vi", lastAdmin)).toBe(vi["serverError.last_admin"]);
  expect(serverErrorText("vi", { code: "conflict", message: "The shortcut /cam-on is already used", reason: "shortcut_taken", params: { shortcut: "cam-on" } })).toBe("Phím tắt /cam-on đã được dùng.");
  // The platform's words are quoted as they are, labelled as theirs; the step picks our sentence.
  const graph = "Invalid OAuth access token - Cannot parse access token (code 190)";
  const refused = { code: "bad_request", message: `Facebook refused the connection. Graph refused the access token: ${graph}`, reason: "platform_refused_connection", params: { channel: "Facebook", step: "token", said: graph } };
  expect(serverErrorText("vi", refused)).toBe(`Kết nối bị từ chối: mã truy cập không được chấp nhận. Lý do từ Facebook: “${graph}”`);
  expect(serverErrorText("vi", { ...refused, params: { ...refused.params, step: "new_step" } })).toBe(`Kết nối bị từ chối. Lý do từ Facebook: “${graph}”`);
  // A field by its Vietnamese name; a limit from the params.
  expect(serverErrorText("vi", { code: "bad_request", message: "Invalid body: shortcut must be at most 40 characters", reason: "invalid_input", params: { field: "shortcut", issue: "too_big", max: 40 } })).toBe("Phím tắt: tối đa 40.");
  expect(serverErrorText("vi", { code: "bad_request", message: "Invalid body: foo bar", reason: "invalid_input", params: { field: "foo", issue: "custom" } })).toBe("Giá trị không hợp lệ: foo.");
  // A time is said the agent's way.
  const closedAt = "2026-12-01T10:00:00.000Z";
  expect(serverErrorText("vi", { code: "outside_window", message: "…", reason: "window_closed_at", params: { channel: "Facebook", closedAt } })).toContain(new Date(closedAt).toLocaleString("vi"));
  // A reason this page does not know yet is said by its code; an unknown code keeps the server's English.
  expect(serverErrorText("vi", { code: "not_found", message: "No such widget", reason: "widget_not_found" })).toBe(vi["serverError.code.not_found"]);
  expect(serverErrorText("vi", { code: "teapot", message: "I am a teapot" })).toBe("I am a teapot");
  expect(serverErrorText("vi", {}, "Đã có lỗi xảy ra")).toBe("Đã có lỗi xảy ra");
});

test("the English of each reason that names no platform words is the server's own sentence (an English page reads the same)", () => {
  // Reasons thrown with a fixed sentence: the English key is that sentence.
  for (const f of files) {
    for (const c of calls(f.text, "new AppError(")) {
      const m = /^new AppError\("\w+", "([^"]+)", \{[^}]*\breason: "(\w+)"/.exec(c);
      const key = `serverError.${m?.[2]}` as keyof typeof en;
      if (m && !en[key]?.includes("{")) expect(en[`serverError.${m[2]}` as keyof typeof en], `${f.path} ${m[2]}`).toBe(m[1]);
    }
    for (const m of f.text.matchAll(/\bnotFound\("([^"]*)", "(\w+)"\)/g)) expect(en[`serverError.${m[2]}` as keyof typeof en], m[2]).toBe(m[1]);
  }
});
