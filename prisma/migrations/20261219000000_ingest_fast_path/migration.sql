-- The webhook fast path (issue 14): a group-committed batch of customers' messages is one
-- statement, `SELECT inbox_ingest($1::jsonb)`, in one round trip with its commit. It does what
-- lib/inbox/record-incoming.ts does for an inbound message (contact and conversation upserts, the
-- idempotent insert, attachments, the snooze wake-up, the bump, the inbox change number) and returns
-- the rows the real-time events carry (issue 13: the account rides in the same statement).
--
-- It runs as inbox_app (the SET clause; the caller's role is back when it returns) and sets each
-- item's account before touching its rows, so row-level security bounds every statement inside it
-- to the account the verified webhook resolved to: a row of another account is neither seen nor written.

-- The columns load-message.ts reads, as JSON rows (same field names), for the given ids.
CREATE OR REPLACE FUNCTION inbox_message_rows(ids text[]) RETURNS json
  LANGUAGE sql STABLE
  AS $$
  SELECT COALESCE(json_agg(x ORDER BY x."createdAt", x."id"), '[]'::json) FROM (
    SELECT m."id", m."conversationId", m."integrationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
      m."externalId", m."error", m."errorCode", m."createdAt", m."seq", m."kind"::text AS "kind", m."senderUserId", m."editedAt", m."reactions",
      m."replyToId", m."replyToExternalId", m."payload",
      (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name", 'payload', a."payload",
                'fileId', a."fileId", 'fetchState', a."fetchState"::text, 'mime', f."mime") ORDER BY a."id")
         FROM "Attachment" a LEFT JOIN "StoredFile" f ON f."id" = a."fileId" WHERE a."messageId" = m."id") AS "attachments"
    FROM "Message" m WHERE m."id" = ANY(ids)) x
$$;

-- The columns load-conversation.ts reads, as JSON rows (same field names), for the given ids.
CREATE OR REPLACE FUNCTION inbox_conversation_rows(ids text[]) RETURNS json
  LANGUAGE sql STABLE
  AS $$
  SELECT COALESCE(json_agg(x), '[]'::json) FROM (
    SELECT c."id", c."integrationId", c."lastMessagePreview", c."lastMessageAt", c."lastInboundAt", c."inboundCount", c."failedReplies", c."status"::text AS "status", c."snoozedUntil", c."seq",
      json_build_object('id', ct."id", 'externalId', ct."externalId", 'name', ct."name", 'displayName', ct."displayName", 'avatarUrl', ct."avatarUrl", 'detailsVersion', ct."detailsVersion") AS "contact",
      json_build_object('channel', i."channel"::text, 'name', i."name", 'needsReauth', i."needsReauth") AS "integration",
      CASE WHEN u."id" IS NULL THEN NULL ELSE json_build_object('id', u."id", 'name', u."name") END AS "assignee",
      COALESCE((SELECT json_agg(json_build_object('id', l."id", 'name', l."name", 'color', l."color"))
        FROM "ConversationLabel" cl JOIN "Label" l ON l."id" = cl."labelId" WHERE cl."conversationId" = c."id"), '[]'::json) AS "labels",
      COALESCE((SELECT json_agg(json_build_object('userId', r."userId", 'readCount', r."readCount"))
        FROM "ConversationRead" r WHERE r."conversationId" = c."id"), '[]'::json) AS "reads"
    FROM "Conversation" c
    JOIN "Contact" ct ON ct."id" = c."contactId"
    JOIN "Integration" i ON i."id" = c."integrationId"
    LEFT JOIN "User" u ON u."id" = c."assigneeId"
    WHERE c."id" = ANY(ids)) x
$$;

-- items: [{accountId, integrationId, contactId, contactExternalId, contactName, conversationId,
--          messageId, wakeId, externalId, text, at, preview, replyToExternalId?, payload?,
--          attachments: [{id, type, url, name, payload?, fetchState?, fetchError?, nextFetchAt?}]}]
-- sorted by (integrationId, contactExternalId) by the caller: every writer locks contacts and
-- conversations in that order, then inboxes (lib/inbox/stamp-changes.ts), or they deadlock.
-- Returns {items: [{contactId, contactInserted, conversationId, messageId | null (a redelivery), woke}],
--          changes: [{integrationId, accountId, seq, messages, conversations}]}.
-- One error fails the whole statement (nothing of the batch is stored); the caller then retries
-- each webhook's items alone, so one bad item never fails its batch-mates.
CREATE OR REPLACE FUNCTION inbox_ingest(items jsonb) RETURNS jsonb
  LANGUAGE plpgsql
  SET role = 'inbox_app'
  AS $$
DECLARE
  it jsonb;
  now_utc timestamp(3) := (statement_timestamp() AT TIME ZONE 'UTC')::timestamp(3);
  v_at timestamp(3);
  contact_id text;
  contact_inserted boolean;
  conversation_id text;
  conversation_status "ConversationStatus";
  message_id text;
  outcome jsonb := '[]'::jsonb;
  written jsonb := '[]'::jsonb;
  g record;
  v_seq bigint;
  changes jsonb := '[]'::jsonb;
BEGIN
  FOR it IN SELECT value FROM jsonb_array_elements(items) LOOP
    PERFORM set_config('app.account_id', it->>'accountId', true);
    v_at := (it->>'at')::timestamp(3);
    -- The no-op updates write a non-key column on purpose (see record-incoming.ts ensureContact).
    INSERT INTO "Contact" ("id", "accountId", "integrationId", "externalId", "name", "createdAt")
    VALUES (it->>'contactId', it->>'accountId', it->>'integrationId', it->>'contactExternalId', it->>'contactName', now_utc)
    ON CONFLICT ("integrationId", "externalId") DO UPDATE SET "name" = "Contact"."name"
    RETURNING "id", (xmax = 0) INTO contact_id, contact_inserted;
    -- lastMessageAt starts at the epoch so the first message always becomes the preview.
    INSERT INTO "Conversation" ("id", "accountId", "integrationId", "contactId", "lastMessageAt", "createdAt")
    VALUES (it->>'conversationId', it->>'accountId', it->>'integrationId', contact_id, '1970-01-01 00:00:00', now_utc)
    ON CONFLICT ("contactId") DO UPDATE SET "lastMessageAt" = "Conversation"."lastMessageAt"
    RETURNING "id", "status" INTO conversation_id, conversation_status;
    message_id := NULL;
    INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "direction", "text", "status", "externalId", "createdAt", "replyToExternalId", "replyToId", "payload")
    VALUES (it->>'messageId', it->>'accountId', it->>'integrationId', conversation_id, 'inbound', it->>'text', 'received', it->>'externalId', v_at,
      it->>'replyToExternalId',
      CASE WHEN it->>'replyToExternalId' IS NOT NULL THEN
        (SELECT m."id" FROM "Message" m WHERE m."integrationId" = it->>'integrationId' AND m."externalId" = it->>'replyToExternalId') END,
      it->>'payload')
    ON CONFLICT DO NOTHING
    RETURNING "id" INTO message_id;
    IF message_id IS NOT NULL THEN
      INSERT INTO "Attachment" ("id", "messageId", "type", "url", "name", "payload", "fetchState", "fetchError", "nextFetchAt")
      SELECT a->>'id', message_id, (a->>'type')::"AttachmentType", a->>'url', a->>'name', NULLIF(a->'payload', 'null'::jsonb),
        (a->>'fetchState')::"AttachmentFetchState", a->>'fetchError', (a->>'nextFetchAt')::timestamp(3)
      FROM jsonb_array_elements(it->'attachments') a;
      -- A snoozed conversation says why it woke, just before the message (wake-snoozed.ts).
      IF conversation_status = 'snoozed' THEN
        INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "kind", "direction", "status", "text", "createdAt")
        VALUES (it->>'wakeId', it->>'accountId', it->>'integrationId', conversation_id, 'system', 'inbound', 'received', 'Woke up: the customer wrote', v_at - interval '1 millisecond');
        written := written || jsonb_build_object('accountId', it->>'accountId', 'integrationId', it->>'integrationId', 'messageId', it->>'wakeId', 'conversationId', conversation_id);
      END IF;
      -- bump-conversation.ts: an older message never replaces a newer preview; a customer's message opens it.
      UPDATE "Conversation" SET
        "inboundCount" = "inboundCount" + 1,
        "status" = 'open',
        "snoozedUntil" = NULL,
        "lastMessagePreview" = CASE WHEN v_at >= "lastMessageAt" THEN it->>'preview' ELSE "lastMessagePreview" END,
        "lastMessageAt" = GREATEST("lastMessageAt", v_at),
        "lastInboundAt" = GREATEST("lastInboundAt", v_at)
      WHERE "id" = conversation_id;
      written := written || jsonb_build_object('accountId', it->>'accountId', 'integrationId', it->>'integrationId', 'messageId', message_id, 'conversationId', conversation_id);
    END IF;
    outcome := outcome || jsonb_build_object('contactId', contact_id, 'contactInserted', contact_inserted, 'conversationId', conversation_id,
      'messageId', message_id, 'woke', message_id IS NOT NULL AND conversation_status = 'snoozed');
  END LOOP;

  -- One change number per inbox, after every conversation is locked (stamp-changes.ts's lock order).
  FOR g IN
    SELECT w->>'integrationId' AS integration_id, w->>'accountId' AS account_id,
      array_agg(w->>'messageId') AS message_ids, array_agg(DISTINCT w->>'conversationId') AS conversation_ids
    FROM jsonb_array_elements(written) w GROUP BY 1, 2 ORDER BY 1
  LOOP
    PERFORM set_config('app.account_id', g.account_id, true);
    UPDATE "Integration" SET "changeSeq" = "changeSeq" + 1 WHERE "id" = g.integration_id RETURNING "changeSeq" INTO v_seq;
    IF v_seq IS NULL THEN
      RAISE EXCEPTION 'inbox_ingest: integration % is not of account %', g.integration_id, g.account_id USING ERRCODE = '42501';
    END IF;
    UPDATE "Message" SET "seq" = v_seq WHERE "integrationId" = g.integration_id AND "id" = ANY(g.message_ids);
    UPDATE "Conversation" SET "seq" = v_seq WHERE "integrationId" = g.integration_id AND "id" = ANY(g.conversation_ids);
    changes := changes || jsonb_build_object('integrationId', g.integration_id, 'accountId', g.account_id, 'seq', v_seq,
      'messages', inbox_message_rows(g.message_ids), 'conversations', inbox_conversation_rows(g.conversation_ids));
  END LOOP;
  RETURN jsonb_build_object('items', outcome, 'changes', changes);
END $$;
