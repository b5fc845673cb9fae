import { readFileSync } from "node:fs";
import path from "node:path";
import { POST as channelWebhook } from "@/app/webhooks/[channel]/route";
import { forChannel } from "./channel-route";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { zaloMac } from "@/lib/channels/zalo/verify-signature";
import { call } from "./world";

const facebookPost = forChannel(channelWebhook, "facebook");
const zaloPost = forChannel(channelWebhook, "zalo");

export const FB_SECRET = "demo-app-secret";

export function fixture(name: string): string {
  return readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8").trim();
}

export function postFacebook(raw: string, signature: string | null = signFacebookBody(raw, FB_SECRET)) {
  return call(facebookPost, { path: "/webhooks/facebook", body: raw, headers: signature === null ? {} : { "x-hub-signature-256": signature } });
}

/**
 * A Zalo body with its `timestamp` set to `at` (same type: string or number). Fixtures
 * are captured deliveries with old timestamps; Zalo events outside the freshness window
 * are ignored, so tests re-stamp them at send time, as Zalo would stamp a new delivery.
 */
export function restamp(raw: string, at = Date.now()): string {
  const body = JSON.parse(raw) as { timestamp?: unknown };
  body.timestamp = typeof body.timestamp === "number" ? at : String(at);
  return JSON.stringify(body);
}

export function zaloSignature(raw: string, oa: { appId: string; secretKey: string }): string {
  const timestamp = String((JSON.parse(raw) as { timestamp: string | number }).timestamp);
  return `mac=${zaloMac(oa.appId, raw, timestamp, oa.secretKey)}`;
}

export function postZalo(raw: string, signature: string | null, handler = zaloPost, route = "/webhooks/zalo") {
  return call(handler, { path: route, body: raw, headers: signature === null ? {} : { "x-zevent-signature": signature } });
}
