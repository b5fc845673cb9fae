-- The webhook fast path (issue 14): a group-committed batch of customers' messages is one
-- statement, `SELECT inbox_ingest($1::jsonb)`, in one round trip with its commit. It does what
-- lib/inbox/record-incoming.ts does for an inbound message (contact and conversation upserts, the
-- idempotent insert, attachments, the snooze wake-up, the bump, the inbox change number) and returns
-- the rows the real-time events carry (issue 13: the account rides in the same statement).
--
-- It runs as inbox_app (the SET clause; the caller's role is back when it returns) and sets each
-- item's account before touching its rows, so row-level security bounds every statement inside it
-- to the account the verified webhook resolved to: a row of another account is neither seen nor written.

-- The rows load-message.ts and load-conversation.ts read, as JSON (same field names), for the given
-- ids: the events' payloads, read in the statement that wrote them. One lookup per id on purpose:
-- plpgsql caches a generic plan, and for "id = ANY($1)" a generic plan may scan the whole table
-- (it cannot know the array's length); for "id = $1" it always uses the primary key.
CREATE OR REPLACE FUNCTION inbox_message_rows(ids text[]) RETURNS json
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  one text;
  found json;
  rows json[] := '{}';
BEGIN
  FOREACH one IN ARRAY ids LOOP
    SELECT row_to_json(x) INTO found FROM (
      SELECT m."id", m."conversationId", m."integrationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
        m."externalId", m."error", m."errorCode", m."createdAt", m."seq", m."kind"::text AS "kind", m."senderUserId", m."editedAt", m."reactions",
        m."replyToId", m."replyToExternalId", m."payload",
        (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name", 'payload', a."payload",
                  'fileId', a."fileId", 'fetchState', a."fetchState"::text, 'mime', f."mime") ORDER BY a."id")
           FROM "Attachment" a LEFT JOIN "StoredFile" f ON f."id" = a."fileId" WHERE a."messageId" = m."id") AS "attachments"
      FROM "Message" m WHERE m."id" = one) x;
    IF found IS NOT NULL THEN rows := rows || found; END IF;
  END LOOP;
  RETURN array_to_json(rows);
END $$;

CREATE OR REPLACE FUNCTION inbox_conversation_rows(ids text[]) RETURNS json
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  one text;
  found json;
  rows json[] := '{}';
BEGIN
  FOREACH one IN ARRAY ids LOOP
    SELECT row_to_json(x) INTO found FROM (
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
      WHERE c."id" = one) x;
    IF found IS NOT NULL THEN rows := rows || found; END IF;
  END LOOP;
  RETURN array_to_json(rows);
END $$;

-- items: [{accountId, integrationId, contactId, contactExternalId, contactName, conversationId,
--          messageId, wakeId, externalId, text, at, preview, replyToExternalId?, payload?,
--          attachments: [{id, type, url, name, payload?, fetchState?, fetchError?, nextFetchAt?}]}]
-- sorted by (integrationId, contactExternalId) by the caller: every writer locks contacts and
-- conversations in that order, then inboxes (lib/inbox/stamp-changes.ts), or they deadlock.
-- Returns {items: [{contactId, contactInserted, conversationId, messageId | null (a redelivery), woke}],
--          changes: [{integrationId, accountId, seq, messages, conversations}]}.
-- One error fails the whole statement (nothing of the batch is stored); the caller then retries
-- each webhook's items alone, so one bad item never fails its batch-mates.
--
-- Three phases, so that each row is written once: (1) contacts and conversations found or made,
-- each conversation locked; (2) each inbox's next change number, once all its conversations are
-- locked (the lock order above); (3) messages inserted with that number and conversations bumped
-- with it. A second UPDATE of a new message just to number it rewrote every index of the row
-- (the trigram one too) and cost more than the insert.
CREATE OR REPLACE FUNCTION inbox_ingest(items jsonb) RETURNS jsonb
  LANGUAGE plpgsql
  SET role = 'inbox_app'
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  it jsonb;
  k int;
  n int := jsonb_array_length(items);
  now_utc timestamp(3) := (statement_timestamp() AT TIME ZONE 'UTC')::timestamp(3);
  v_at timestamp(3);
  contact_ids text[] := '{}';
  contact_new boolean[] := '{}';
  conversation_ids text[] := '{}';
  snoozed boolean[] := '{}';
  woken text[] := '{}';
  fresh boolean[] := '{}';
  found_id text;
  found_status "ConversationStatus";
  message_id text;
  woke boolean;
  seqs jsonb := '{}'::jsonb;
  v_seq bigint;
  outcome jsonb := '[]'::jsonb;
  written jsonb := '[]'::jsonb;
  g record;
  changes jsonb := '[]'::jsonb;
BEGIN
  -- (1) Contacts and conversations, in the caller's order. An existing row is only read (the
  -- conversation locked), not rewritten: an upsert's no-op update is a new row version.
  FOR k IN 0 .. n - 1 LOOP
    it := items -> k;
    PERFORM set_config('app.account_id', it->>'accountId', true);
    found_id := NULL;
    INSERT INTO "Contact" ("id", "accountId", "integrationId", "externalId", "name", "createdAt")
    VALUES (it->>'contactId', it->>'accountId', it->>'integrationId', it->>'contactExternalId', it->>'contactName', now_utc)
    ON CONFLICT ("integrationId", "externalId") DO NOTHING
    RETURNING "id" INTO found_id;
    contact_new := contact_new || (found_id IS NOT NULL);
    IF found_id IS NULL THEN
      SELECT "id" INTO found_id FROM "Contact" WHERE "integrationId" = it->>'integrationId' AND "externalId" = it->>'contactExternalId';
      IF found_id IS NULL THEN RAISE EXCEPTION 'inbox_ingest: contact % not visible', it->>'contactExternalId' USING ERRCODE = '42501'; END IF;
    END IF;
    contact_ids := contact_ids || found_id;
    found_id := NULL;
    found_status := NULL;
    -- lastMessageAt starts at the epoch so the first message always becomes the preview.
    INSERT INTO "Conversation" ("id", "accountId", "integrationId", "contactId", "lastMessageAt", "createdAt")
    VALUES (it->>'conversationId', it->>'accountId', it->>'integrationId', contact_ids[k + 1], '1970-01-01 00:00:00', now_utc)
    ON CONFLICT ("contactId") DO NOTHING
    RETURNING "id", "status" INTO found_id, found_status;
    IF found_id IS NULL THEN
      SELECT "id", "status" INTO found_id, found_status FROM "Conversation" WHERE "contactId" = contact_ids[k + 1] FOR NO KEY UPDATE;
      IF found_id IS NULL THEN RAISE EXCEPTION 'inbox_ingest: conversation of % not visible', it->>'contactExternalId' USING ERRCODE = '42501'; END IF;
    END IF;
    conversation_ids := conversation_ids || found_id;
    snoozed := snoozed || (found_status = 'snoozed');
    -- A redelivery changes nothing and spends no change number.
    fresh := fresh || NOT EXISTS (SELECT 1 FROM "Message" WHERE "integrationId" = it->>'integrationId' AND "externalId" = it->>'externalId');
  END LOOP;

  -- (2) The next change number of each inbox with something new, in inbox order.
  FOR g IN
    SELECT DISTINCT e->>'integrationId' AS integration_id, e->>'accountId' AS account_id
    FROM jsonb_array_elements(items) WITH ORDINALITY AS t(e, i) WHERE fresh[i::int] ORDER BY 1
  LOOP
    PERFORM set_config('app.account_id', g.account_id, true);
    v_seq := NULL;
    UPDATE "Integration" SET "changeSeq" = "changeSeq" + 1 WHERE "id" = g.integration_id RETURNING "changeSeq" INTO v_seq;
    IF v_seq IS NULL THEN
      RAISE EXCEPTION 'inbox_ingest: integration % is not of account %', g.integration_id, g.account_id USING ERRCODE = '42501';
    END IF;
    seqs := seqs || jsonb_build_object(g.integration_id, v_seq);
  END LOOP;

  -- (3) Messages with their number, then the conversation's bump (bump-conversation.ts).
  FOR k IN 0 .. n - 1 LOOP
    it := items -> k;
    message_id := NULL;
    woke := false;
    IF fresh[k + 1] THEN
      PERFORM set_config('app.account_id', it->>'accountId', true);
      v_at := (it->>'at')::timestamp(3);
      v_seq := (seqs ->> (it->>'integrationId'))::bigint;
      INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "direction", "text", "status", "externalId", "createdAt", "seq", "replyToExternalId", "replyToId", "payload")
      VALUES (it->>'messageId', it->>'accountId', it->>'integrationId', conversation_ids[k + 1], 'inbound', it->>'text', 'received', it->>'externalId', v_at, v_seq,
        it->>'replyToExternalId',
        CASE WHEN it->>'replyToExternalId' IS NOT NULL THEN
          (SELECT m."id" FROM "Message" m WHERE m."integrationId" = it->>'integrationId' AND m."externalId" = it->>'replyToExternalId') END,
        it->>'payload')
      ON CONFLICT DO NOTHING
      RETURNING "id" INTO message_id;
    END IF;
    IF message_id IS NOT NULL THEN
      INSERT INTO "Attachment" ("id", "messageId", "type", "url", "name", "payload", "fetchState", "fetchError", "nextFetchAt")
      SELECT a->>'id', message_id, (a->>'type')::"AttachmentType", a->>'url', a->>'name', NULLIF(a->'payload', 'null'::jsonb),
        (a->>'fetchState')::"AttachmentFetchState", a->>'fetchError', (a->>'nextFetchAt')::timestamp(3)
      FROM jsonb_array_elements(it->'attachments') a;
      -- A snoozed conversation says why it woke, just before the message (wake-snoozed.ts).
      -- The batch's first message to it wakes it; the bump below opens it.
      woke := snoozed[k + 1] AND NOT conversation_ids[k + 1] = ANY(woken);
      IF woke THEN
        woken := woken || conversation_ids[k + 1];
        INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "kind", "direction", "status", "text", "createdAt", "seq")
        VALUES (it->>'wakeId', it->>'accountId', it->>'integrationId', conversation_ids[k + 1], 'system', 'inbound', 'received', 'Woke up: the customer wrote', v_at - interval '1 millisecond', v_seq);
        written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', it->>'wakeId', 'conversationId', conversation_ids[k + 1]);
      END IF;
      -- An older message never replaces a newer preview; a customer's message opens the conversation.
      UPDATE "Conversation" SET
        "inboundCount" = "inboundCount" + 1,
        "status" = 'open',
        "snoozedUntil" = NULL,
        "lastMessagePreview" = CASE WHEN v_at >= "lastMessageAt" THEN it->>'preview' ELSE "lastMessagePreview" END,
        "lastMessageAt" = GREATEST("lastMessageAt", v_at),
        "lastInboundAt" = GREATEST("lastInboundAt", v_at),
        "seq" = v_seq
      WHERE "id" = conversation_ids[k + 1];
      written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', message_id, 'conversationId', conversation_ids[k + 1]);
    END IF;
    outcome := outcome || jsonb_build_object('contactId', contact_ids[k + 1], 'contactInserted', contact_new[k + 1], 'conversationId', conversation_ids[k + 1],
      'messageId', message_id, 'woke', woke);
  END LOOP;

  -- The rows the real-time events carry, per inbox, read as the inbox's account.
  FOR g IN
    SELECT w->>'integrationId' AS integration_id, array_agg(w->>'messageId') AS message_ids, array_agg(DISTINCT w->>'conversationId') AS conversation_ids
    FROM jsonb_array_elements(written) w GROUP BY 1 ORDER BY 1
  LOOP
    PERFORM set_config('app.account_id', (SELECT e->>'accountId' FROM jsonb_array_elements(items) e WHERE e->>'integrationId' = g.integration_id LIMIT 1), true);
    changes := changes || jsonb_build_object('integrationId', g.integration_id, 'accountId', current_setting('app.account_id'), 'seq', (seqs ->> g.integration_id)::bigint,
      'messages', inbox_message_rows(g.message_ids), 'conversations', inbox_conversation_rows(g.conversation_ids));
  END LOOP;
  RETURN jsonb_build_object('items', outcome, 'changes', changes);
END $$;
