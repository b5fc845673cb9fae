import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, expect, test } from "vitest";
import { findFolderCycles, readImports } from "./support/find-folder-cycles";

// The layers are enforced, not described: each rule must actually fire on a file that breaks it.
const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];

async function lint(files: Record<string, string>, rule: string): Promise<string[]> {
  const paths = Object.keys(files).map((f) => path.join(root, f));
  probes.push(...paths);
  for (const [f, code] of Object.entries(files)) await writeFile(path.join(root, f), code);
  const results = await eslint.lintFiles([paths[0]!]);
  return results.flatMap((r) => r.messages).filter((m) => m.ruleId === rule).map((m) => m.message);
}

afterAll(async () => {
  for (const file of probes) await rm(file, { force: true });
});

test("no lib/ folders import each other (type imports count)", () => {
  // Channel folders parse and send; the route layer stores (lib/inbox) and caches (lib/integrations).
  expect(findFolderCycles(readImports())).toEqual([]);
});

test("the folder-cycle check fires on a probe that makes lib/realtime and lib/auth import each other", () => {
  const probe = { "lib/realtime/probe.ts": 'import { withSession } from "@/lib/auth/with-session";\nexport const x = withSession;\n' };
  const probeBack = { "lib/auth/probe.ts": 'import { getIo } from "@/lib/realtime/io";\nexport const y = getIo;\n' };
  const cycles = findFolderCycles(readImports({ ...probe, ...probeBack }));
  const found = cycles.find((c) => c.units.includes("lib/auth") && c.units.includes("lib/realtime"));
  expect(found?.edges.join("\n")).toContain("lib/realtime/probe.ts → @/lib/auth/with-session");
});

test("lint refuses a module cycle (import-x/no-cycle)", async () => {
  const found = await lint(
    {
      "lib/inbox/cycle-probe-a.ts": 'import { b } from "@/lib/inbox/cycle-probe-b";\nexport const a = () => b;\n',
      "lib/inbox/cycle-probe-b.ts": 'import { a } from "@/lib/inbox/cycle-probe-a";\nexport const b = () => a;\n',
    },
    "import-x/no-cycle",
  );
  expect(found.join(" ")).toContain("Dependency cycle");
}, 120_000);

test.each([
  ["components/layer-probe.tsx", "@/lib/db"],
  ["hooks/layer-probe.ts", "@/lib/inbox/list-conversations"],
  ["components/layer-probe-rel.ts", "../lib/db"],
  ["lib/client/layer-probe.ts", "@/lib/realtime/to-account"],
  ["lib/shared/layer-probe.ts", "@/lib/client/api"],
])("lint refuses %s importing %s", async (file, target) => {
  const found = await lint({ [file]: `import * as x from "${target}";\nexport const y = x;\n` }, "no-restricted-imports");
  expect(found).not.toEqual([]);
}, 120_000);

test("client code may import lib/shared and lib/client", async () => {
  const code = 'import { httpUrlOrNull } from "@/lib/shared/safe-url";\nimport { api } from "@/lib/client/api";\nexport const y = [httpUrlOrNull, api];\n';
  expect(await lint({ "components/layer-probe-ok.ts": code }, "no-restricted-imports")).toEqual([]);
}, 120_000);

test("process-wide state lives in lib/process-state.ts alone: no other module touches globalThis", async () => {
  const { execFileSync } = await import("node:child_process");
  const hits = execFileSync("git", ["grep", "-l", "globalThis", "--", "lib", "server.ts", "hooks", "components", "app", ":!lib/generated", ":!*.test.ts"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  expect(hits).toEqual(["lib/process-state.ts"]);
});
