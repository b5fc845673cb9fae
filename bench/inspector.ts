// Forces a full GC in a server child and reads its V8 heap, over the inspector protocol
// (the child runs with --inspect=127.0.0.1:<port>; nothing is attached between readings).
import WebSocket from "ws";

type Target = { webSocketDebuggerUrl?: string };

export async function collectGarbage(inspectPort: number): Promise<{ heapUsedKiB: number; heapTotalKiB: number }> {
  const res = await fetch(`http://127.0.0.1:${inspectPort}/json/list`);
  const targets = (await res.json()) as Target[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("inspector: no target");
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const my = ++id;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), 30_000);
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (msg.id !== my) return;
        ws.off("message", onMessage);
        clearTimeout(timer);
        if (msg.error) reject(new Error(`inspector: ${method}: ${msg.error.message}`));
        else resolve(msg.result ?? {});
      };
      ws.on("message", onMessage);
      ws.send(JSON.stringify({ id: my, method, params }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    await call("HeapProfiler.collectGarbage");
    const usage = await call("Runtime.getHeapUsage");
    return { heapUsedKiB: Number(usage.usedSize) / 1024, heapTotalKiB: Number(usage.totalSize) / 1024 };
  } finally {
    ws.close();
  }
}
