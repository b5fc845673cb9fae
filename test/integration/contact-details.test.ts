import { describe, expect, test } from "vitest";
import { GET as getContact, PATCH as patchContact } from "@/app/api/contacts/[id]/route";
import { GET as listConversations } from "@/app/api/conversations/route";
import { systemDb } from "@/lib/db";
import type { ConversationDto } from "@/lib/inbox/dto";
import type { ContactDetailsDto } from "@/lib/shared/contact-details";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, call, useWorld } from "../support/world";

describe.each(databaseKinds())("Contact details on %s", (kind) => {
  const w = useWorld(kind);
  const read = (id: string, cookie: string) => call(getContact, { path: `/api/contacts/${id}`, cookie, params: { id } });
  const patch = (id: string, body: object, cookie: string) => call(patchContact, { path: `/api/contacts/${id}`, method: "PATCH", body, cookie, params: { id } });
  const customer = async (from: string, text = "hello") => {
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text }, FB_SECRET).body)).status).toBe(200);
    return systemDb().contact.findFirstOrThrow({ where: { externalId: from }, include: { conversation: true } });
  };

  test("an agent names the contact, keeps notes and fields: live for the account, searchable, nothing for Globex", async () => {
    const contact = await customer("7900000000000401");
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    const res = await patch(contact.id, { name: "  Minh (VIP)  ", notes: "Prefers Zalo.\nCall after 5 pm.", customFields: [{ key: "Order", value: "#1042" }, { key: "Tier", value: "Gold" }] }, w.carol.cookie);
    expect(res.status).toBe(200);
    const saved = ((await res.json()) as { contact: ContactDetailsDto }).contact;
    expect(saved).toMatchObject({ name: "Minh (VIP)", platformName: contact.name, renamed: true, notes: "Prefers Zalo.\nCall after 5 pm.", customFields: [{ key: "Order", value: "#1042" }, { key: "Tier", value: "Gold" }], detailsVersion: 1 });
    // The list and the live event carry the team's name and the new version (the panel reloads on it).
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.contact.name === "Minh (VIP)"),
      2000,
      "alice sees the new name",
    );
    const live = alice.events.find((e) => e.event === "update-conversation")!.payload as { conversation: ConversationDto };
    expect(live.conversation.contact.detailsVersion).toBe(1);
    // Notes are not in the event: only the version that says to reload.
    expect(JSON.stringify(live)).not.toContain("Call after 5 pm");
    const found = (await (await call(listConversations, { path: "/api/conversations?status=all&q=minh%20(vip)", cookie: w.alice.cookie })).json()) as { conversations: ConversationDto[] };
    expect(found.conversations.map((c) => c.id)).toEqual([contact.conversation!.id]);
    await sleep(100);
    expect(bob.events).toEqual([]);
    // Globex: the same id is a 404 for reading and for writing, and nothing changed.
    expect((await read(contact.id, w.bob.cookie)).status).toBe(404);
    expect((await patch(contact.id, { notes: "globex was here" }, w.bob.cookie)).status).toBe(404);
    expect((await systemDb().contact.findUniqueOrThrow({ where: { id: contact.id } })).notes).toBe("Prefers Zalo.\nCall after 5 pm.");
    expect((await read(contact.id, w.alice.cookie)).status).toBe(200);
  });

  test("a profile refresh keeps the team's name; an empty name goes back to the platform's", async () => {
    const contact = await customer("7900000000000402");
    await patch(contact.id, { name: "Big order guy" }, w.alice.cookie);
    await systemDb().contact.update({ where: { id: contact.id }, data: { name: "Nguyễn Văn B" } });
    expect(((await (await read(contact.id, w.alice.cookie)).json()) as { contact: ContactDetailsDto }).contact).toMatchObject({ name: "Big order guy", platformName: "Nguyễn Văn B" });
    const reset = ((await (await patch(contact.id, { name: "" }, w.alice.cookie)).json()) as { contact: ContactDetailsDto }).contact;
    expect(reset).toMatchObject({ name: "Nguyễn Văn B", renamed: false });
    // A patch of the notes alone leaves the fields as they were.
    await patch(contact.id, { customFields: [{ key: "City", value: "Hà Nội" }] }, w.alice.cookie);
    await patch(contact.id, { notes: "only notes" }, w.alice.cookie);
    expect(((await (await read(contact.id, w.alice.cookie)).json()) as { contact: ContactDetailsDto }).contact.customFields).toEqual([{ key: "City", value: "Hà Nội" }]);
  });

  test("bad input is a 400 and changes nothing: too long, too many fields, twice the same field, unknown keys, odd ids", async () => {
    const contact = await customer("7900000000000403");
    // What a patch writes (the profile refresh after the webhook may still touch the platform's name).
    const editable = () => systemDb().contact.findUniqueOrThrow({ where: { id: contact.id }, select: { displayName: true, notes: true, customFields: true, detailsVersion: true } });
    const before = await editable();
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    for (const body of [
      { name: "x".repeat(101) },
      { notes: "x".repeat(5001) },
      { customFields: many },
      { customFields: [{ key: "Tier", value: "a" }, { key: "tier", value: "b" }] },
      { customFields: [{ key: "  ", value: "a" }] },
      { customFields: [{ key: "k", value: "x".repeat(501) }] },
      { customFields: [{ key: "k", value: "v", extra: 1 }] },
      { accountId: "someone-else" },
      { name: 42 },
      [],
    ]) {
      expect((await patch(contact.id, body, w.alice.cookie)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await patch("no\u0000such", { notes: "x" }, w.alice.cookie)).status).toBe(400);
    expect((await patch("nosuchcontact", { notes: "x" }, w.alice.cookie)).status).toBe(404);
    expect((await read("nosuchcontact", w.alice.cookie)).status).toBe(404);
    expect((await call(getContact, { path: "/x", params: { id: contact.id } })).status).toBe(401);
    expect(await editable()).toEqual(before);
  });
});
