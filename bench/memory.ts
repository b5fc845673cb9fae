// Server memory under large signed Zalo webhooks: each carries 50 attachments with 4 KB URLs,
// signed with a tenant's own OA key (so it passes the signature check, as an abusive tenant's would).
import { randomBytes } from "node:crypto";
import { buildZaloWebhook } from "../lib/channels/simulate-webhook";
import { zaloMac } from "../lib/channels/zalo/verify-signature";
import { request, type Endpoint } from "./client";
import { round } from "./util";

// Acme's OA in the demo data (CONTRACT §4).
const OA = { oaId: "200000000000001", appId: "300000000000001", secretKey: "demo-acme-zalo-secret" };

export type MemoryResult = {
  webhooks: number;
  attachments: number;
  urlBytes: number;
  bodyKiB: number;
  statuses: Record<number, number>;
  seconds: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  rssAfterPauseKiB: number;
};

/** One body of `attachments` file attachments, each URL `urlBytes` long; timestamped now (Zalo's freshness window). */
function largeZaloWebhook(runId: string, i: number, attachments: number, urlBytes: number): { body: string; signature: string } {
  const base = JSON.parse(buildZaloWebhook({ to: OA.oaId, from: `81${String(i % 200).padStart(14, "0")}`, text: `memory ${i}`, mid: `zmem_${runId}_${i}` }, OA).body) as Record<string, unknown> & { message: Record<string, unknown> };
  const pad = randomBytes(Math.ceil(urlBytes / 2)).toString("hex");
  base.event_name = "user_send_file";
  base.message.attachments = Array.from({ length: attachments }, (_, k) => {
    const url = `https://zalo.example/f/${i}/${k}/`;
    return { type: "file", payload: { url: url + pad.slice(0, urlBytes - url.length), name: `file-${k}.pdf` } };
  });
  const body = JSON.stringify(base);
  return { body, signature: `mac=${zaloMac(OA.appId, body, String(base.timestamp), OA.secretKey)}` };
}

/**
 * Server RSS settled before, right after `webhooks` large deliveries (at `concurrency`),
 * and settled again after them (`settled`: a pause, a forced GC when the server has the
 * inspector on, then RSS). Flat after the pause: no per-event buffer grows with traffic.
 */
export async function measureWebhookMemory(
  ep: Endpoint,
  probe: { settled: () => Promise<number>; now: () => number },
  opts: { runId: string; webhooks: number; attachments: number; urlBytes: number; concurrency: number },
): Promise<MemoryResult> {
  const rssBeforeKiB = await probe.settled();
  const statuses: Record<number, number> = {};
  let next = 0;
  let bodyBytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < opts.webhooks) {
      const i = next++;
      // Built just before sending: the bench process holds one body per worker, not all of them.
      const w = largeZaloWebhook(opts.runId, i, opts.attachments, opts.urlBytes);
      bodyBytes = Math.max(bodyBytes, Buffer.byteLength(w.body));
      const res = await request(ep, "POST", "/webhooks/zalo", { headers: { "content-type": "application/json", "x-zevent-signature": w.signature }, body: w.body }).catch(() => ({ status: 0 }));
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = round((performance.now() - started) / 1000, 1);
  const rssAfterKiB = probe.now();
  const rssAfterPauseKiB = await probe.settled();
  return { webhooks: opts.webhooks, attachments: opts.attachments, urlBytes: opts.urlBytes, bodyKiB: round(bodyBytes / 1024, 0), statuses, seconds, rssBeforeKiB, rssAfterKiB, rssAfterPauseKiB };
}
