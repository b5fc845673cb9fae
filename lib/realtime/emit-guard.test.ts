import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, expect, test } from "vitest";

// The emit module is the only place allowed to emit: the lint rule that says so must actually fire.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];

async function errors(code: string, relative: string) {
  const file = path.join(root, relative);
  probes.push(file);
  await writeFile(file, `${code}\nexport {};\n`);
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

afterAll(async () => {
  for (const file of probes) await rm(file, { force: true });
});

const declarations = "declare const io: any, socket: any, server: any, getIo: any;";

test.each([
  ["io.emit('update-conversation', {})", "io.emit"],
  ["io.sockets.emit('update-conversation', {})", "io.sockets.emit"],
  ["socket.broadcast.emit('update-conversation', {})", "No broadcasts"],
  ["server.to('account:1').emit('new-message', {})", "toAccount"],
  ["getIo()?.in('user:1').emit('new-message', {})", "toAccount"],
])("lint refuses %s outside the emit module", async (code, message) => {
  const found = await errors(`${declarations}\n${code};`, `lib/inbox/lint-probe-${probes.length}.ts`);
  expect(found.join(" ")).toContain(message);
}, 60_000);

test("the emit module's own pattern is refused anywhere but lib/realtime/to-account.ts", async () => {
  const code = `${declarations}\nio.to('account:1').emit('x', 1);`;
  expect(await errors(code, "lib/inbox/lint-probe-elsewhere.ts")).not.toEqual([]);
}, 60_000);
