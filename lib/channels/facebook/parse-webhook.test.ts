import { expect, test } from "vitest";
import { facebookWebhookSchema, toFacebookBatches } from "./parse-webhook";

const parse = (v: unknown) => toFacebookBatches(facebookWebhookSchema.parse(v)).batches;

test("text, echo, delivery, read and postback become normalised events for the right contact", () => {
  const [batch] = parse({
    object: "page",
    entry: [
      {
        id: "P",
        time: 1,
        messaging: [
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 10, message: { mid: "m1", text: "hi" } },
          { sender: { id: "P" }, recipient: { id: "U" }, timestamp: 11, message: { mid: "m2", text: "yo", is_echo: true } },
          { sender: { id: "U" }, recipient: { id: "P" }, delivery: { mids: ["m2"], watermark: 12 } },
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 13, read: { watermark: 12 } },
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 14, postback: { title: "Start", payload: "GO" } },
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 15, reaction: { reaction: "love", action: "react", mid: "m1" } },
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 16, game_play: { score: 1 } },
        ],
      },
    ],
  });
  expect(batch?.integrationExternalId).toBe("P");
  expect(batch?.events).toEqual([
    { kind: "message", contactExternalId: "U", externalId: "m1", direction: "inbound", text: "hi", attachments: [], timestamp: new Date(10) },
    { kind: "message", contactExternalId: "U", externalId: "m2", direction: "outbound", text: "yo", attachments: [], timestamp: new Date(11) },
    { kind: "delivery", contactExternalId: "U", externalIds: ["m2"], watermark: new Date(12) },
    { kind: "read", contactExternalId: "U", watermark: new Date(12) },
    { kind: "message", contactExternalId: "U", externalId: "postback:U:14", direction: "inbound", text: "Start", attachments: [], timestamp: new Date(14), payload: "GO" },
    { kind: "reaction", contactExternalId: "U", externalId: "m1", by: "customer", emoji: "❤️", timestamp: new Date(15) },
  ]);
  expect(batch?.skipped).toEqual([{ kind: "game_play", reason: "unhandled kind" }]);
});

test("numeric ids are accepted as strings; a wrong envelope is rejected, a wrong item only skipped", () => {
  const ok = parse({ object: "page", entry: [{ id: 123, messaging: [{ sender: { id: 5 }, recipient: { id: 123 }, message: { mid: "m" } }] }] });
  expect(ok[0]?.integrationExternalId).toBe("123");
  expect(facebookWebhookSchema.safeParse({ object: "instagram", entry: [] }).success).toBe(false);
  expect(facebookWebhookSchema.safeParse({ object: "page", entry: {} }).success).toBe(false);
  const noMid = toFacebookBatches(facebookWebhookSchema.parse({ object: "page", entry: [{ id: "P", messaging: [{ sender: { id: "U" }, recipient: { id: "P" }, message: { text: "no mid" } }, { sender: { id: "U" }, recipient: { id: "P" }, message: { mid: "ok" } }] }, { messaging: [] }] }));
  expect(noMid.batches[0]?.events.map((e) => e.kind === "message" && e.externalId)).toEqual(["ok"]);
  expect(noMid.batches[0]?.skipped).toEqual([{ kind: "message", reason: "message.mid: invalid_type" }]);
  expect(noMid.skipped).toEqual([{ kind: "entry", reason: "id: invalid_union", page: null }]);
});

test("over-long text is cut, not refused; too many attachments are capped at 10; only http(s) URLs are kept", () => {
  const attachments = [
    { type: "image", payload: { url: "javascript:alert(document.cookie)" } },
    { type: "file", payload: { url: "data:text/html;base64,PHNjcmlwdD4=" }, title: "t".repeat(5000) },
    { type: "file", payload: { url: `https://cdn.example/${"a".repeat(4096)}` } },
    ...Array.from({ length: 48 }, (_, i) => ({ type: "image", payload: { url: `https://cdn.example/${i}.jpg` } })),
  ];
  const [batch] = parse({ object: "page", entry: [{ id: "P", messaging: [{ sender: { id: "U" }, recipient: { id: "P" }, timestamp: 1, message: { mid: "m", text: "x".repeat(30_000), attachments } }] }] });
  const event = batch?.events[0];
  if (event?.kind !== "message") throw new Error("expected a message");
  expect(event.text).toHaveLength(20_000);
  expect(event.attachments).toHaveLength(10);
  // Kept, without a link: the agent still sees that something was sent.
  expect(event.attachments.slice(0, 3)).toEqual([
    { type: "image", url: null, name: null },
    { type: "file", url: null, name: "t".repeat(500) },
    { type: "file", url: null, name: null },
  ]);
  expect(event.attachments[3]).toEqual({ type: "image", url: "https://cdn.example/0.jpg", name: null });
});
