import { systemDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { channelIds, type Channel } from "@/lib/channels/channel-ids";
import { sealCredentials } from "@/lib/integrations/seal-credentials";
import type { IncomingEvent } from "@/lib/channels/types";
import { recordIncoming } from "@/lib/inbox/record-incoming";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const DEMO_PASSWORD = "demo-password";

export type DemoAccount = {
  id: string;
  name: string;
  agents: { email: string; name: string; role: "admin" | "agent" }[];
  facebook: { pageId: string; token: string };
  zalo: { oaId: string; appId: string; secretKey: string; token: string };
  samples: { channel: Channel; userId: string; name: string; texts: string[] }[];
};

export const demoAccounts: DemoAccount[] = [
  {
    id: "demo-acme",
    name: "Acme",
    agents: [
      { email: "alice@acme.test", name: "Alice Nguyen", role: "admin" },
      { email: "carol@acme.test", name: "Carol Tran", role: "agent" },
      // Dave belongs to both accounts (Acme first, so sign-in lands there) and switches from the account menu.
      { email: "dave@acme.test", name: "Dave", role: "agent" },
    ],
    facebook: { pageId: "100000000000001", token: "demo-acme-fb-token" },
    zalo: { oaId: "200000000000001", appId: "300000000000001", secretKey: "demo-acme-zalo-secret", token: "demo-acme-zalo-token" },
    samples: [
      { channel: "facebook", userId: "9000000000000101", name: "Minh Pham", texts: ["Hi! Is the blue jacket still in stock?", "Size M please"] },
      { channel: "zalo", userId: "8000000000000101", name: "Lan Hoang", texts: ["Chào shop, đơn hàng của mình đến đâu rồi?"] },
    ],
  },
  {
    id: "demo-globex",
    name: "Globex",
    agents: [
      { email: "bob@globex.test", name: "Bob Le", role: "admin" },
      { email: "dave@acme.test", name: "Dave", role: "agent" },
    ],
    facebook: { pageId: "100000000000002", token: "demo-globex-fb-token" },
    zalo: { oaId: "200000000000002", appId: "300000000000001", secretKey: "demo-globex-zalo-secret", token: "demo-globex-zalo-token" },
    samples: [{ channel: "facebook", userId: "9000000000000201", name: "Hugo Vo", texts: ["Do you ship to Da Nang?"] }],
  },
];

type DemoIntegration = { externalId: string; name: string; credentials: Record<string, string> };

/** The integrations CONTRACT §4 gives each demo account, by channel; a channel without demo data is simply not seeded. */
export function demoIntegrations(a: DemoAccount): Partial<Record<Channel, DemoIntegration>> {
  return {
    facebook: { externalId: a.facebook.pageId, name: `${a.name} Page`, credentials: { accessToken: a.facebook.token } },
    zalo: { externalId: a.zalo.oaId, name: `${a.name} OA`, credentials: { appId: a.zalo.appId, secretKey: a.zalo.secretKey, accessToken: a.zalo.token } },
  };
}

/** The demo data of CONTRACT §4. Idempotent: running it again changes nothing. */
export async function seedDemo(): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seededAt = Math.floor(Date.now() / 60_000) * 60_000;
  for (const a of demoAccounts) {
    await systemDb().account.upsert({ where: { id: a.id }, create: { id: a.id, name: a.name }, update: {} });
    for (const agent of a.agents) {
      const user = await systemDb().user.upsert({
        where: { email: agent.email },
        create: { email: agent.email, name: agent.name, passwordHash },
        update: {},
      });
      await systemDb().membership.upsert({
        where: { userId_accountId: { userId: user.id, accountId: a.id } },
        create: { userId: user.id, accountId: a.id, role: agent.role },
        update: {},
      });
    }
    const integrations = new Map<Channel, { id: string; accountId: string }>();
    for (const channel of channelIds) {
      const d = demoIntegrations(a)[channel];
      if (!d) continue;
      integrations.set(
        channel,
        await systemDb().integration.upsert({
          where: { channel_externalId: { channel, externalId: d.externalId } },
          create: { accountId: a.id, channel, externalId: d.externalId, name: d.name, credentials: sealCredentials(channel, d.credentials) },
          update: {},
        }),
      );
    }
    for (const [i, s] of a.samples.entries()) {
      const integration = integrations.get(s.channel);
      if (!integration) throw new Error(`demo sample for ${s.channel}, which ${a.id} has no integration for`);
      // Hours before the first seeding, so the demo's conversations are inside the platforms' reply
      // windows (24 h on Messenger) when it starts; a re-seed changes nothing (the ids are stored once).
      const base = seededAt - (a.samples.length - i) * 3_600_000;
      const events: IncomingEvent[] = s.texts.map((text, j) => ({
        kind: "message",
        contactExternalId: s.userId,
        externalId: `demo-${a.id}-${i}-${j}`,
        direction: "inbound",
        text,
        attachments: [],
        timestamp: new Date(base + j * 60_000),
      }));
      await asAccount(a.id, () => recordIncoming({ integration, events, fallbackName: () => s.name }));
    }
  }
}
