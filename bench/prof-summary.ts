// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=1): top functions by self time, and
// by inclusive time for frames matching a filter.  Usage:
//   npx tsx bench/prof-summary.ts bench/results/prof/postgres.cpuprofile [top=40] [filter-regex]
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const [file, topArg, filter] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx bench/prof-summary.ts <file.cpuprofile> [top] [filter-regex]");
  process.exit(2);
}
const top = Number(topArg ?? 40);
const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from samples × deltas.
const self = new Map<number, number>();
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i]!;
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

const short = (url: string) => url.replace(/^.*node_modules\//, "~/").replace(/^file:\/\/.*?\/main\//, "");
const key = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const selfByKey = new Map<string, number>();
const inclByKey = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  selfByKey.set(key(n), (selfByKey.get(key(n)) ?? 0) + t);
  // Inclusive: count each distinct frame key once per sample stack.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclByKey.set(k, (inclByKey.get(k) ?? 0) + t);
  }
}

// By package / area (self time).
const area = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (!url) return "(native/v8)";
  if (url.startsWith("node:")) return "node:*";
  return url.includes("/.next/") ? ".next (app bundle)" : short(url).split("/").slice(0, 2).join("/");
};
const byArea = new Map<string, number>();
for (const [id, t] of self) {
  const a = area(byId.get(id)!.callFrame.url);
  byArea.set(a, (byArea.get(a) ?? 0) + t);
}

const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms`;
console.log(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log(`\n-- self time by package --`);
for (const [k, t] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(t)} ${ms(t)}  ${k}`);
console.log(`\n-- top ${top} functions by self time --`);
for (const [k, t] of [...selfByKey].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)} ${ms(t)}  ${k}`);
const re = filter ? new RegExp(filter) : /./;
console.log(`\n-- top ${top} frames by inclusive time${filter ? ` matching /${filter}/` : ""} --`);
for (const [k, t] of [...inclByKey].filter(([k]) => re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)} ${ms(t)}  ${k}`);
