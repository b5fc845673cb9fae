import { PGlite } from "@electric-sql/pglite";
import { migrateDatabase } from "../scripts/db-migrate";
import { pgliteExtensions as extensions } from "../lib/pglite-extensions";
const dir = `/tmp/pgl-${Date.now()}`;
async function main() {
  await migrateDatabase({ dataDir: dir, quiet: true });
  const db = await PGlite.create(dir, { extensions });
  await db.exec(`INSERT INTO "Account" (id,name) VALUES ('acc1','A'); INSERT INTO "Integration" (id,"accountId",channel,"externalId",name) VALUES ('int1','acc1','facebook','p1','P');`);
  let k = 0;
  const item = (j: number) => ({ accountId: "acc1", integrationId: "int1", contactId: `c${++k}`, contactExternalId: `77000000000${j}`, contactName: "X", conversationId: `v${k}`, messageId: `m${k}`, wakeId: `w${k}`, externalId: `mid${k}`, text: "hello there", at: new Date().toISOString(), preview: "hello", attachments: [] });
  for (let i = 0; i < 100; i++) await db.query("SELECT inbox_ingest($1::jsonb) AS r", [JSON.stringify([item(i % 50)])]);
  const t1 = performance.now(); for (let i = 0; i < 200; i++) await db.query("SELECT 1"); console.log("select 1", ((performance.now() - t1) / 200).toFixed(3));
  for (const size of [1, 16, 32]) {
    const t = performance.now(); const n = 40;
    for (let i = 0; i < n; i++) await db.query("SELECT inbox_ingest($1::jsonb) AS r", [JSON.stringify(Array.from({ length: size }, (_, j) => item(j)))]);
    const per = (performance.now() - t) / n; console.log(`batch ${size}: ${per.toFixed(2)} ms, ${(per / size).toFixed(3)} ms/item`);
  }
  const t2 = performance.now(); for (let i = 0; i < 40; i++) await db.transaction(async (tx) => { await tx.query("SELECT inbox_ingest($1::jsonb) AS r", [JSON.stringify(Array.from({ length: 16 }, (_, j) => item(j)))]); }); console.log("batch16 in tx", ((performance.now() - t2) / 40).toFixed(2));
  await db.close();
}
void main();
