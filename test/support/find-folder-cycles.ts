import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** lib/<folder> (or lib/<file> for a top-level module), else the top-level directory: the unit a layer is made of. */
export function unitOf(file: string): string {
  const parts = file.replace(/\.tsx?$/, "").split("/");
  return parts[0] === "lib" ? `lib/${parts[1]}` : parts[0]!;
}

/** Every `@/…` import and re-export of each source file, type-only ones included (a type import is still a dependency). */
export function readImports(extra: Record<string, string> = {}): Map<string, string[]> {
  const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "lib", "components", "hooks", "app"], { cwd: root, encoding: "utf8" });
  const files = listed.split("\n").filter((f) => /\.tsx?$/.test(f) && !f.startsWith("lib/generated/") && !/\.test\.tsx?$/.test(f));
  const sources = new Map<string, string>(files.map((f) => [f, readFileSync(path.join(root, f), "utf8")]));
  for (const [f, text] of Object.entries(extra)) sources.set(f, text);
  const out = new Map<string, string[]>();
  for (const [f, text] of sources) out.set(f, [...text.matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s+["']@\/([^"']+)["']/g)].map((m) => m[1]!));
  return out;
}

/**
 * Folder-level cycles (Tarjan's strongly connected components over units): a
 * group of folders that import each other, however indirectly. Each group comes
 * with one file edge per pair, so a failure names where to cut.
 */
export function findFolderCycles(imports: Map<string, string[]>): { units: string[]; edges: string[] }[] {
  const graph = new Map<string, Map<string, string>>();
  for (const [file, targets] of imports) {
    const from = unitOf(file);
    for (const target of targets) {
      const to = unitOf(target);
      if (to === from) continue;
      const out = graph.get(from) ?? new Map<string, string>();
      graph.set(from, out);
      if (!out.has(to)) out.set(to, `${file} → @/${target}`);
    }
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (u: string) => {
    index.set(u, next);
    low.set(u, next++);
    stack.push(u);
    for (const v of graph.get(u)?.keys() ?? []) {
      if (!index.has(v)) {
        visit(v);
        low.set(u, Math.min(low.get(u)!, low.get(v)!));
      } else if (stack.includes(v)) low.set(u, Math.min(low.get(u)!, index.get(v)!));
    }
    if (low.get(u) !== index.get(u)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === u ? undefined : stack.pop()) group.push(w);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const u of graph.keys()) if (!index.has(u)) visit(u);
  return groups.map((units) => ({
    units,
    edges: units.flatMap((a) => units.map((b) => graph.get(a)?.get(b)).filter((e): e is string => e !== undefined)),
  }));
}
