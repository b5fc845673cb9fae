// Another "node" of the app for the two-node Zalo token tests: its own process, its own Prisma
// client, pool and integration cache, on the same PostgreSQL database. Reads one JSON reply per
// line on stdin, sends it through the real reply path, prints the outcome as one JSON line.
import { createInterface } from "node:readline";
import { openDatabase } from "@/lib/open-database";
import { sendReply } from "@/lib/inbox/send-reply";
import { AppError } from "@/lib/errors";
import { asAccount } from "@/lib/tenancy/tenant-context";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("zalo-token-node needs DATABASE_URL");
await openDatabase({ databaseUrl, dataDir: "" });
console.log(JSON.stringify({ ready: true }));

type Reply = { accountId: string; userId: string; conversationId: string; text: string };
for await (const line of createInterface({ input: process.stdin })) {
  const r = JSON.parse(line) as Reply;
  try {
    // As the reply route does: the work of the sender's account.
    const message = await asAccount(r.accountId, () => sendReply({ ...r, channel: "zalo" }));
    console.log(JSON.stringify({ ok: true, status: message.status }));
  } catch (err) {
    console.log(JSON.stringify({ ok: false, code: err instanceof AppError ? err.code : "internal", message: (err as Error).message }));
  }
}
