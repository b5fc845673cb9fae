// npm run simulate -- <facebook|zalo> --to <page-or-oa-id> --from <user-id> --text "..." [--url URL] [--echo] [--image URL]
// Signs and POSTs a webhook exactly as Meta or Zalo would, to a running server.
import { parseArgs } from "node:util";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { demoAccounts } from "@/lib/demo/seed-demo";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    to: { type: "string" },
    from: { type: "string" },
    text: { type: "string", default: "" },
    url: { type: "string", default: "http://localhost:3000" },
    echo: { type: "boolean", default: false },
    image: { type: "string" },
    "app-secret": { type: "string" },
    "oa-secret": { type: "string" },
    "app-id": { type: "string" },
    path: { type: "string" },
  },
});

const channel = positionals[0];
if ((channel !== "facebook" && channel !== "zalo") || !values.to || !values.from || (!values.text && !values.image)) {
  console.error('usage: npm run simulate -- <facebook|zalo> --to <page-or-oa-id> --from <user-id> --text "..." [--url URL] [--echo] [--image URL]');
  process.exit(2);
}

const message = { to: values.to, from: values.from, text: values.text, echo: values.echo, image: values.image };
let request: { path: string; body: string; headers: Record<string, string> };
if (channel === "facebook") {
  const secret = values["app-secret"] ?? (process.env.FACEBOOK_APP_SECRET?.trim() || "demo-app-secret");
  request = buildFacebookWebhook(message, secret);
} else {
  const demo = demoAccounts.find((a) => a.zalo.oaId === values.to)?.zalo;
  const secretKey = values["oa-secret"] ?? demo?.secretKey;
  const appId = values["app-id"] ?? demo?.appId;
  if (!secretKey || !appId) {
    console.error("zalo: pass --oa-secret and --app-id for an OA that is not in the demo data");
    process.exit(2);
  }
  request = buildZaloWebhook(message, { appId, secretKey });
}

const target = new URL(values.path ?? request.path, values.url);
const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json", ...request.headers }, body: request.body });
console.log(`${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
