// npm run simulate -- <channel> --to <page-or-oa-id> --from <user-id> --text "..." [--url URL] [--echo] [--image URL]
// Signs and POSTs a webhook exactly as the platform would, to a running server. Channels and
// their extra flags come from lib/channels/registry.ts (facebook: --app-secret; zalo: --oa-secret --app-id).
import { parseArgs } from "node:util";
import { channelIds, isChannel } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { demoAccounts, demoIntegrations } from "@/lib/demo/seed-demo";

const channelFlags = [...new Set(channelIds.flatMap((id) => channels[id].simulator.flags))];
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    to: { type: "string" },
    from: { type: "string" },
    text: { type: "string", default: "" },
    url: { type: "string", default: "http://localhost:3000" },
    echo: { type: "boolean", default: false },
    image: { type: "string" },
    path: { type: "string" },
    ...Object.fromEntries(channelFlags.map((f) => [f, { type: "string" as const }])),
  },
});

const channel = positionals[0];
if (!isChannel(channel) || !values.to || !values.from || (!values.text && !values.image)) {
  console.error(`usage: npm run simulate -- <${channelIds.join("|")}> --to <page-or-oa-id> --from <user-id> --text "..." [--url URL] [--echo] [--image URL]`);
  process.exit(2);
}

const to = values.to;
const def = channels[channel];
const flags = Object.fromEntries(def.simulator.flags.map((f) => [f, (values as Record<string, unknown>)[f] as string | undefined]));
// An integration of the demo data signs with its own seeded credentials unless flags say otherwise.
const demoCredentials = demoAccounts.map((a) => demoIntegrations(a)[channel]).find((d) => d?.externalId === to)?.credentials;
let request;
try {
  request = def.simulator.build({ to, from: values.from, text: values.text ?? "", echo: values.echo, image: values.image }, { flags, demoCredentials });
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const target = new URL(values.path ?? request.path, values.url);
const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json", ...request.headers }, body: request.body });
console.log(`${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
