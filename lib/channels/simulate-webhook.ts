// Kept for the many tests, benches and e2e helpers that import the builders from here;
// each builder lives in its channel's folder and is reached through the registry.
export type { SignedRequest, SimulatedMessage } from "@/lib/channels/channel-definition";
export { buildFacebookWebhook } from "@/lib/channels/facebook/build-webhook";
export { buildZaloWebhook } from "@/lib/channels/zalo/build-webhook";
