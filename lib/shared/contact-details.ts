import type { Channel } from "./channel-ids";

export type CustomField = { key: string; value: string };

/** The contact panel (GET/PATCH /api/contacts/:id): what the team knows about a customer. */
export type ContactDetailsDto = {
  id: string;
  conversationId: string | null;
  /** The name shown: the team's when it gave one, else the platform's. */
  name: string;
  /** The name the platform reports (profile refreshes keep it current). */
  platformName: string;
  renamed: boolean;
  externalId: string;
  channel: Channel;
  integrationName: string;
  followed: boolean;
  notes: string;
  customFields: CustomField[];
  detailsVersion: number;
  createdAt: string;
};
