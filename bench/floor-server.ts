// The floor: a bare Node http + Socket.IO server. No signature check, no schema, no
// database: a webhook POST is parsed and its message emitted to the page owner's room.
// Run as a child process (like Inbox) by bench/run.ts: PORT, APP_URL from the environment.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 0);
const allowedOrigin = new URL(process.env.APP_URL ?? `http://localhost:${port}`).origin;
const accountOfPage: Record<string, string> = { "100000000000001": "demo-acme", "100000000000002": "demo-globex" };

type Messaging = { sender?: { id?: string }; timestamp?: number; message?: { mid?: string; text?: string } };
type Payload = { entry?: { id?: string; messaging?: Messaging[] }[] };

const http = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/api/health") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (req.method === "GET" && req.url?.startsWith("/webhooks/facebook?")) {
    // The subscription handshake: no database, no socket; the bare cost of routing a request.
    const q = new URL(req.url, "http://x").searchParams;
    const ok = q.get("hub.mode") === "subscribe" && q.get("hub.verify_token") === "demo-verify-token";
    res.writeHead(ok ? 200 : 403, { "content-type": "text/plain" }).end(ok ? (q.get("hub.challenge") ?? "") : "Forbidden");
    return;
  }
  if (req.method !== "POST" || req.url !== "/webhooks/facebook") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let stored = 0;
    try {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Payload;
      for (const entry of payload.entry ?? []) {
        const account = accountOfPage[entry.id ?? ""];
        if (!account) continue;
        for (const m of entry.messaging ?? []) {
          if (!m.message?.mid) continue;
          stored++;
          io.to(`account:${account}`).emit("new-message", {
            conversationId: m.sender?.id ?? "",
            message: {
              id: m.message.mid,
              conversationId: m.sender?.id ?? "",
              direction: "inbound",
              text: m.message.text ?? "",
              status: "received",
              externalId: m.message.mid,
              error: null,
              errorCode: null,
              attachments: [],
              createdAt: new Date(m.timestamp ?? Date.now()).toISOString(),
            },
          });
        }
      }
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, stored, ignored: 0 }));
  });
});

const io = new Server(http, {
  path: "/socket.io",
  serveClient: false,
  allowRequest: (req, cb) => {
    const origin = req.headers.origin;
    const ok = origin === undefined || origin === allowedOrigin;
    cb(ok ? null : "origin not allowed", ok);
  },
});

io.on("connection", (socket) => {
  const account = (socket.handshake.auth as { account?: unknown }).account;
  void socket.join(`account:${typeof account === "string" ? account : "none"}`);
});

http.listen(port, () => console.log(`floor ready on ${port}`));

const stop = () => {
  void io.close();
  http.closeAllConnections();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
