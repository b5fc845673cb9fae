import { expect, test } from "vitest";
import { facebookWebhookSchema, toFacebookBatches } from "./parse-webhook";

const parse = (v: unknown) => toFacebookBatches(facebookWebhookSchema.parse(v));

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
          { sender: { id: "U" }, recipient: { id: "P" }, timestamp: 15, reaction: { reaction: "love", mid: "m1" } },
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
    { kind: "message", contactExternalId: "U", externalId: "postback:U:14", direction: "inbound", text: "Start", attachments: [], timestamp: new Date(14) },
  ]);
});

test("numeric ids are accepted as strings; wrong shapes are rejected", () => {
  const ok = parse({ object: "page", entry: [{ id: 123, messaging: [{ sender: { id: 5 }, recipient: { id: 123 }, message: { mid: "m" } }] }] });
  expect(ok[0]?.integrationExternalId).toBe("123");
  expect(facebookWebhookSchema.safeParse({ object: "instagram", entry: [] }).success).toBe(false);
  expect(facebookWebhookSchema.safeParse({ object: "page", entry: {} }).success).toBe(false);
  expect(facebookWebhookSchema.safeParse({ object: "page", entry: [{ id: "P", messaging: [{ sender: { id: "U" }, recipient: { id: "P" }, message: { text: "no mid" } }] }] }).success).toBe(false);
  expect(facebookWebhookSchema.safeParse({ object: "page", entry: [{ id: "P", messaging: [{ sender: { id: "U" }, recipient: { id: "P" }, message: { mid: "m", text: "x".repeat(20_001) } }] }] }).success).toBe(false);
});
