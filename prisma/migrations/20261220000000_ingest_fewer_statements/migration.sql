-- The webhook fast path's statement (20261219000000_ingest_fast_path), with fewer statements per item,
-- each of which costs its own executor start (measured on this machine's PostgreSQL: ~30 µs each, more
-- in PGlite's WebAssembly): a message from a customer already known finds its contact, its conversation
-- (locked) and whether it is stored already in one statement instead of five, and a message without
-- files runs no attachment insert. Same lock order, same answer; the other paths are unchanged.

CREATE OR REPLACE FUNCTION inbox_ingest(items jsonb) RETURNS jsonb
  LANGUAGE plpgsql
  SET role = 'inbox_app'
  -- Restored when it returns: called inside some other transaction, it leaves no account behind.
  SET app.account_id = ''
  SET search_path FROM CURRENT
  SET plan_cache_mode = force_generic_plan
  -- A lock held elsewhere for seconds fails the batch (then retried job by job) instead of holding every webhook in it.
  SET lock_timeout = '5s'
  AS $$
DECLARE
  it jsonb;
  k int;
  j int;
  n int := jsonb_array_length(items);
  now_utc timestamp(3) := (statement_timestamp() AT TIME ZONE 'UTC')::timestamp(3);
  v_kind text;
  v_inbound boolean;
  v_read boolean;
  v_at timestamp(3);
  v_watermark timestamp(3);
  v_external text;
  contact_ids text[] := '{}';
  contact_new boolean[] := '{}';
  conversation_ids text[] := '{}';
  snoozed boolean[] := '{}';
  woken text[] := '{}';
  -- Whether the item changes something (a message not stored yet, a receipt with messages to move).
  touches boolean[] := '{}';
  -- The messages a receipt moves, locked in (1): item k's are targets[target_from[k] .. target_to[k]].
  targets text[] := '{}';
  target_from int[] := '{}';
  target_to int[] := '{}';
  -- Outbound rows this batch wrote (an echo stored, a pending reply adopted): a later receipt in it may move them.
  out_ids text[] := '{}';
  out_conversations text[] := '{}';
  moved text[];
  found_id text;
  found_contact text;
  v_stored boolean;
  found_status "ConversationStatus";
  message_id text;
  woke boolean;
  seqs jsonb := '{}'::jsonb;
  accounts jsonb := '{}'::jsonb;
  v_seq bigint;
  -- Arrays, not jsonb: plpgsql appends to an array in place, while jsonb || copies the whole value
  -- (quadratic for a webhook of a thousand items).
  outcome jsonb[] := '{}';
  written jsonb[] := '{}';
  g record;
  changes jsonb[] := '{}';
BEGIN
  -- (1) Row locks, in the caller's order. An existing contact or conversation is only read (the
  -- conversation locked), not rewritten: an upsert's no-op update is a new row version.
  FOR k IN 0 .. n - 1 LOOP
    it := items -> k;
    v_kind := it->>'kind';
    PERFORM set_config('app.account_id', it->>'accountId', true);
    target_from := target_from || (cardinality(targets) + 1);
    IF v_kind IN ('in', 'out') THEN
      -- A customer already known (nearly every message): contact, conversation (locked) and whether
      -- this message is stored already, in one statement. (Its EXISTS reads the statement's snapshot:
      -- a copy committed while it waited for the lock reads as new and spends a change number the
      -- insert below then does not use; nothing is stored twice.)
      found_id := NULL;
      found_status := NULL;
      SELECT ct."id", cv."id", cv."status",
          EXISTS (SELECT 1 FROM "Message" m WHERE m."integrationId" = it->>'integrationId' AND m."externalId" = it->>'externalId')
        INTO found_contact, found_id, found_status, v_stored
      FROM "Contact" ct JOIN "Conversation" cv ON cv."contactId" = ct."id"
      WHERE ct."integrationId" = it->>'integrationId' AND ct."externalId" = it->>'contactExternalId'
      FOR NO KEY UPDATE OF cv;
      IF found_id IS NOT NULL THEN
        contact_new := contact_new || false;
      ELSE
        -- A new customer (or a contact whose conversation is being made elsewhere): made or found, locked.
        INSERT INTO "Contact" ("id", "accountId", "integrationId", "externalId", "name", "createdAt")
        VALUES (it->>'contactId', it->>'accountId', it->>'integrationId', it->>'contactExternalId', it->>'contactName', now_utc)
        ON CONFLICT ("integrationId", "externalId") DO NOTHING
        RETURNING "id" INTO found_id;
        contact_new := contact_new || (found_id IS NOT NULL);
        IF found_id IS NULL THEN
          SELECT "id" INTO found_id FROM "Contact" WHERE "integrationId" = it->>'integrationId' AND "externalId" = it->>'contactExternalId';
          IF found_id IS NULL THEN RAISE EXCEPTION 'inbox_ingest: contact % not visible', it->>'contactExternalId' USING ERRCODE = '42501'; END IF;
        END IF;
        found_contact := found_id;
        found_id := NULL;
        found_status := NULL;
        -- lastMessageAt starts at the epoch so the first message always becomes the preview.
        INSERT INTO "Conversation" ("id", "accountId", "integrationId", "contactId", "lastMessageAt", "createdAt")
        VALUES (it->>'conversationId', it->>'accountId', it->>'integrationId', found_contact, '1970-01-01 00:00:00', now_utc)
        ON CONFLICT ("contactId") DO NOTHING
        RETURNING "id", "status" INTO found_id, found_status;
        IF found_id IS NULL THEN
          SELECT "id", "status" INTO found_id, found_status FROM "Conversation" WHERE "contactId" = found_contact FOR NO KEY UPDATE;
          IF found_id IS NULL THEN RAISE EXCEPTION 'inbox_ingest: conversation of % not visible', it->>'contactExternalId' USING ERRCODE = '42501'; END IF;
        END IF;
        v_stored := EXISTS (SELECT 1 FROM "Message" WHERE "integrationId" = it->>'integrationId' AND "externalId" = it->>'externalId');
      END IF;
      contact_ids := contact_ids || found_contact;
      conversation_ids := conversation_ids || found_id;
      snoozed := snoozed || (found_status = 'snoozed');
      -- A redelivery (an echo of a reply already marked sent with its id, too) changes nothing and spends no change number.
      touches := touches || NOT v_stored;
    ELSIF v_kind IN ('delivery', 'read') THEN
      -- A receipt makes no contact or conversation: one not stored has no message to move.
      found_id := NULL;
      -- Its conversation locked before its messages, as a message's is: two batches in flight (or
      -- a webhook on another node) then never hold one customer's rows crosswise.
      SELECT cv."id" INTO found_id FROM "Contact" ct JOIN "Conversation" cv ON cv."contactId" = ct."id"
      WHERE ct."integrationId" = it->>'integrationId' AND ct."externalId" = it->>'contactExternalId'
      FOR NO KEY UPDATE OF cv;
      contact_ids := contact_ids || NULL::text;
      contact_new := contact_new || false;
      conversation_ids := conversation_ids || found_id;
      snoozed := snoozed || false;
      IF found_id IS NOT NULL THEN
        -- Only forward, and only the platform's messages: a private note or a system line is on no
        -- platform. By id, one unique-index lookup each (a generic plan for = ANY scans the table).
        v_read := v_kind = 'read';
        FOR v_external IN SELECT jsonb_array_elements_text(COALESCE(it->'externalIds', '[]'::jsonb)) LOOP
          message_id := NULL;
          SELECT "id" INTO message_id FROM "Message"
          WHERE "integrationId" = it->>'integrationId' AND "externalId" = v_external AND "conversationId" = found_id
            AND "direction" = 'outbound' AND "kind" = 'message' AND ("status" = 'sent' OR (v_read AND "status" = 'delivered'))
          FOR NO KEY UPDATE;
          IF message_id IS NOT NULL THEN targets := targets || message_id; END IF;
        END LOOP;
        v_watermark := (it->>'watermark')::timestamp(3);
        IF v_watermark IS NOT NULL THEN
          -- The conversation's messages up to the watermark, in its index's order.
          FOR message_id IN
            SELECT "id" FROM "Message"
            WHERE "conversationId" = found_id AND "createdAt" <= v_watermark
              AND "direction" = 'outbound' AND "kind" = 'message' AND ("status" = 'sent' OR (v_read AND "status" = 'delivered'))
            ORDER BY "createdAt" DESC, "id" DESC
            FOR NO KEY UPDATE
          LOOP
            targets := targets || message_id;
          END LOOP;
        END IF;
      END IF;
      touches := touches || (cardinality(targets) >= target_from[k + 1]);
    ELSE
      RAISE EXCEPTION 'inbox_ingest: unknown item kind %', v_kind USING ERRCODE = '22023';
    END IF;
    target_to := target_to || cardinality(targets);
  END LOOP;

  -- (2) The next change number of each inbox with something to change, in inbox order.
  FOR g IN
    SELECT DISTINCT e->>'integrationId' AS integration_id, e->>'accountId' AS account_id
    FROM jsonb_array_elements(items) WITH ORDINALITY AS t(e, i) WHERE touches[i::int] ORDER BY 1
  LOOP
    PERFORM set_config('app.account_id', g.account_id, true);
    v_seq := NULL;
    UPDATE "Integration" SET "changeSeq" = "changeSeq" + 1 WHERE "id" = g.integration_id RETURNING "changeSeq" INTO v_seq;
    IF v_seq IS NULL THEN
      RAISE EXCEPTION 'inbox_ingest: integration % is not of account %', g.integration_id, g.account_id USING ERRCODE = '42501';
    END IF;
    seqs := seqs || jsonb_build_object(g.integration_id, v_seq);
    accounts := accounts || jsonb_build_object(g.integration_id, g.account_id);
  END LOOP;

  -- (3) The writes, in item order, each with its inbox's number.
  FOR k IN 0 .. n - 1 LOOP
    it := items -> k;
    v_kind := it->>'kind';
    v_seq := (seqs ->> (it->>'integrationId'))::bigint;
    message_id := NULL;
    woke := false;
    moved := '{}';
    IF v_kind IN ('in', 'out') AND touches[k + 1] THEN
      PERFORM set_config('app.account_id', it->>'accountId', true);
      v_inbound := v_kind = 'in';
      v_at := (it->>'at')::timestamp(3);
      found_id := NULL;
      IF NOT v_inbound THEN
        -- The echo of a reply we are still sending: the pending row takes the platform id instead
        -- of a second copy being stored (record-incoming.ts's adoptPendingReply, same match). A
        -- row the sender holds is skipped, never waited for.
        UPDATE "Message" SET "externalId" = it->>'externalId', "status" = 'sent', "seq" = v_seq
        WHERE "id" = (
          SELECT m."id" FROM "Message" m
          WHERE m."conversationId" = conversation_ids[k + 1] AND m."direction" = 'outbound' AND m."status" = 'pending'
            AND m."externalId" IS NULL AND m."text" = it->>'text'
            AND (it->>'adoptType' IS NOT NULL) = EXISTS (
              SELECT 1 FROM "Attachment" a WHERE a."messageId" = m."id" AND a."fileId" IS NOT NULL
                AND (it->>'adoptType' IS NULL OR a."type"::text = it->>'adoptType'))
          ORDER BY m."createdAt" ASC LIMIT 1 FOR UPDATE OF m SKIP LOCKED)
          AND NOT EXISTS (SELECT 1 FROM "Message" WHERE "integrationId" = it->>'integrationId' AND "externalId" = it->>'externalId')
        RETURNING "id" INTO found_id;
      END IF;
      IF found_id IS NOT NULL THEN
        moved := moved || found_id;
        out_ids := out_ids || found_id;
        out_conversations := out_conversations || conversation_ids[k + 1];
        written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', found_id, 'fresh', false);
      ELSE
        INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "direction", "text", "status", "externalId", "createdAt", "seq", "replyToExternalId", "replyToId", "payload")
        VALUES (it->>'messageId', it->>'accountId', it->>'integrationId', conversation_ids[k + 1],
          CASE WHEN v_inbound THEN 'inbound'::"Direction" ELSE 'outbound'::"Direction" END, it->>'text',
          CASE WHEN v_inbound THEN 'received'::"MessageStatus" ELSE 'sent'::"MessageStatus" END, it->>'externalId', v_at, v_seq,
          it->>'replyToExternalId',
          CASE WHEN it->>'replyToExternalId' IS NOT NULL THEN
            (SELECT m."id" FROM "Message" m WHERE m."integrationId" = it->>'integrationId' AND m."externalId" = it->>'replyToExternalId') END,
          it->>'payload')
        ON CONFLICT DO NOTHING
        RETURNING "id" INTO message_id;
      END IF;
      IF message_id IS NOT NULL THEN
        -- Most messages have none: no statement then.
        IF jsonb_array_length(it->'attachments') > 0 THEN
          INSERT INTO "Attachment" ("id", "messageId", "type", "url", "name", "payload", "fetchState", "fetchError", "nextFetchAt")
          SELECT a->>'id', message_id, (a->>'type')::"AttachmentType", a->>'url', a->>'name', NULLIF(a->'payload', 'null'::jsonb),
            (a->>'fetchState')::"AttachmentFetchState", a->>'fetchError', (a->>'nextFetchAt')::timestamp(3)
          FROM jsonb_array_elements(it->'attachments') a;
        END IF;
        IF v_inbound THEN
          -- A snoozed conversation says why it woke, just before the message (wake-snoozed.ts).
          -- The batch's first message to it wakes it; the bump below opens it.
          woke := snoozed[k + 1] AND NOT conversation_ids[k + 1] = ANY(woken);
          IF woke THEN
            woken := woken || conversation_ids[k + 1];
            INSERT INTO "Message" ("id", "accountId", "integrationId", "conversationId", "kind", "direction", "status", "text", "createdAt", "seq")
            VALUES (it->>'wakeId', it->>'accountId', it->>'integrationId', conversation_ids[k + 1], 'system', 'inbound', 'received', 'Woke up: the customer wrote', v_at - interval '1 millisecond', v_seq);
            written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', it->>'wakeId', 'conversationId', conversation_ids[k + 1], 'fresh', true);
          END IF;
          -- The bump (bump-conversation.ts): an older message never replaces a newer preview; a
          -- customer's message opens the conversation, counts as unread and reopens the reply windows.
          UPDATE "Conversation" SET
            "inboundCount" = "inboundCount" + 1,
            "status" = 'open',
            "snoozedUntil" = NULL,
            "lastMessagePreview" = CASE WHEN v_at >= "lastMessageAt" THEN it->>'preview' ELSE "lastMessagePreview" END,
            "lastMessageAt" = GREATEST("lastMessageAt", v_at),
            "lastInboundAt" = GREATEST("lastInboundAt", v_at),
            "seq" = v_seq
          WHERE "id" = conversation_ids[k + 1];
        ELSE
          -- The Page's own message moves the conversation on, and nothing else.
          UPDATE "Conversation" SET
            "lastMessagePreview" = CASE WHEN v_at >= "lastMessageAt" THEN it->>'preview' ELSE "lastMessagePreview" END,
            "lastMessageAt" = GREATEST("lastMessageAt", v_at),
            "seq" = v_seq
          WHERE "id" = conversation_ids[k + 1];
          out_ids := out_ids || message_id;
          out_conversations := out_conversations || conversation_ids[k + 1];
        END IF;
        written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', message_id, 'conversationId', conversation_ids[k + 1], 'fresh', true);
      END IF;
    ELSIF v_kind IN ('delivery', 'read') AND v_seq IS NOT NULL AND conversation_ids[k + 1] IS NOT NULL THEN
      -- What record-incoming.ts's UPDATE would find at this point of the batch: the rows locked in (1)
      -- still in a status this receipt moves, and the batch's own outbound rows of the conversation.
      PERFORM set_config('app.account_id', it->>'accountId', true);
      v_read := v_kind = 'read';
      FOR j IN target_from[k + 1] .. target_to[k + 1] LOOP
        found_id := NULL;
        UPDATE "Message" SET "status" = CASE WHEN v_read THEN 'read'::"MessageStatus" ELSE 'delivered'::"MessageStatus" END, "seq" = v_seq
        WHERE "id" = targets[j] AND ("status" = 'sent' OR (v_read AND "status" = 'delivered'))
        RETURNING "id" INTO found_id;
        IF found_id IS NOT NULL THEN moved := moved || found_id; END IF;
      END LOOP;
      v_watermark := (it->>'watermark')::timestamp(3);
      FOR j IN 1 .. cardinality(out_ids) LOOP
        CONTINUE WHEN out_conversations[j] <> conversation_ids[k + 1];
        found_id := NULL;
        UPDATE "Message" SET "status" = CASE WHEN v_read THEN 'read'::"MessageStatus" ELSE 'delivered'::"MessageStatus" END, "seq" = v_seq
        WHERE "id" = out_ids[j] AND "kind" = 'message' AND ("status" = 'sent' OR (v_read AND "status" = 'delivered'))
          AND (COALESCE(it->'externalIds', '[]'::jsonb) ? "externalId" OR "createdAt" <= v_watermark)
        RETURNING "id" INTO found_id;
        IF found_id IS NOT NULL THEN moved := moved || found_id; END IF;
      END LOOP;
      FOR j IN 1 .. cardinality(moved) LOOP
        written := written || jsonb_build_object('integrationId', it->>'integrationId', 'messageId', moved[j], 'fresh', false);
      END LOOP;
    END IF;
    outcome := outcome || jsonb_build_object('contactId', contact_ids[k + 1], 'contactInserted', contact_new[k + 1], 'conversationId', conversation_ids[k + 1],
      'messageId', message_id, 'woke', woke, 'updated', to_jsonb(moved));
  END LOOP;

  -- The rows the real-time events carry, per inbox, read as the inbox's account: each changed message
  -- once (new: "new-message", else "update-message"), and the conversations whose list entry moved.
  FOR g IN
    SELECT w->>'integrationId' AS integration_id, array_agg(DISTINCT w->>'messageId') AS message_ids,
      COALESCE(array_agg(DISTINCT w->>'messageId') FILTER (WHERE (w->>'fresh')::boolean), '{}') AS fresh_ids,
      COALESCE(array_agg(DISTINCT w->>'conversationId') FILTER (WHERE w ? 'conversationId'), '{}') AS conversation_ids
    FROM unnest(written) w GROUP BY 1 ORDER BY 1
  LOOP
    -- The account whose inbox row took the change number in (2), not any item's say.
    PERFORM set_config('app.account_id', accounts ->> g.integration_id, true);
    changes := changes || jsonb_build_object('integrationId', g.integration_id, 'accountId', current_setting('app.account_id'), 'seq', (seqs ->> g.integration_id)::bigint,
      'fresh', to_jsonb(g.fresh_ids), 'messages', inbox_message_rows(g.message_ids), 'conversations', inbox_conversation_rows(g.conversation_ids));
  END LOOP;
  RETURN jsonb_build_object('items', to_jsonb(outcome), 'changes', to_jsonb(changes));
END $$;
