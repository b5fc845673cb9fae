"use client";

import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { fullTime } from "@/components/inbox/format";
import type { ConversationDto } from "@/lib/shared/dto";
import { channelMeta } from "@/lib/channels/metadata";

/** The right pane: who the customer is and where the conversation stands. */
export function ContactDetails({ conversation: c }: { conversation: ConversationDto }) {
  return (
    <section className="pane details-pane" aria-label="Contact details">
      <div className="details-card">
        <Avatar name={c.contact.name} url={c.contact.avatarUrl} size={64} />
        <h2>{c.contact.name}</h2>
        <ChannelBadge channel={c.channel} />
      </div>
      <dl className="details-list">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status-dot status-${c.status}`} aria-hidden="true" />
            {c.status === "open" ? "Open" : "Resolved"}
          </dd>
        </div>
        <div>
          <dt>Inbox</dt>
          <dd>{c.integrationName}</dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>
            <time dateTime={c.lastMessageAt}>{fullTime(c.lastMessageAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{channelMeta[c.channel].contactIdLabel}</dt>
          <dd className="mono">{c.contact.externalId}</dd>
        </div>
      </dl>
      {c.needsReauth && (
        <p className="details-warning">
          {c.integrationName} needs to be reconnected before replies can be sent.
        </p>
      )}
    </section>
  );
}
