-- Tenancy the database enforces (issue 13). Request work runs as inbox_app (SET LOCAL ROLE in each
-- transaction, lib/tenancy/tenant-adapter.ts) with app.account_id set for that transaction; on every
-- tenant table a row is visible and writable only when its account is that one. With no account
-- set, nothing is. The migrating role (the owner) keeps a policy of its own: FORCE makes the owner
-- subject to policies too, and the owner is the privileged path (lib/db.ts systemDb).

-- A role is cluster-wide: another database of the cluster may have created it already (or be doing so now).
DO $$
BEGIN
  CREATE ROLE inbox_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- The owner must be able to SET ROLE to it (a superuser can anyway).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'inbox_app', 'MEMBER') THEN
    EXECUTE format('GRANT inbox_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO inbox_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO inbox_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO inbox_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO inbox_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO inbox_app;
-- Migration history is the owner's (absent from a shadow database, hence the check).
DO $$
BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN REVOKE ALL ON "_prisma_migrations" FROM inbox_app; END IF;
END $$;

-- The current account, or NULL: read once per statement (STABLE), never spliced into SQL.
CREATE OR REPLACE FUNCTION inbox_account_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.account_id', true), '') $$;

-- Row-level security on one table keyed by its "accountId"; later migrations call it for new tables.
CREATE OR REPLACE FUNCTION inbox_enable_tenancy(tbl regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant ON %s TO inbox_app USING ("accountId" = inbox_account_id()) WITH CHECK ("accountId" = inbox_account_id())', tbl);
  EXECUTE format('CREATE POLICY owner ON %s TO %I USING (true) WITH CHECK (true)', tbl, current_user);
END $$;

SELECT inbox_enable_tenancy('"Membership"');
SELECT inbox_enable_tenancy('"InboxAccess"');
SELECT inbox_enable_tenancy('"AuthSession"');
SELECT inbox_enable_tenancy('"Integration"');
SELECT inbox_enable_tenancy('"OAuthAttempt"');
SELECT inbox_enable_tenancy('"Contact"');
SELECT inbox_enable_tenancy('"Conversation"');
SELECT inbox_enable_tenancy('"Message"');
SELECT inbox_enable_tenancy('"StoredFile"');
SELECT inbox_enable_tenancy('"IntegrationEvent"');
SELECT inbox_enable_tenancy('"Invite"');
SELECT inbox_enable_tenancy('"PasswordReset"');
SELECT inbox_enable_tenancy('"AuditEvent"');
SELECT inbox_enable_tenancy('"CannedReply"');
SELECT inbox_enable_tenancy('"Label"');
SELECT inbox_enable_tenancy('"ConversationRead"');
SELECT inbox_enable_tenancy('"ConversationLabel"');
SELECT inbox_enable_tenancy('"Mention"');

-- The account itself: its own row only; accounts are created by the owner (sign-up, admin tooling).
ALTER TABLE "Account" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Account" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON "Account" FOR SELECT TO inbox_app USING ("id" = inbox_account_id());
CREATE POLICY tenant_update ON "Account" FOR UPDATE TO inbox_app USING ("id" = inbox_account_id()) WITH CHECK ("id" = inbox_account_id());
DO $$ BEGIN EXECUTE format('CREATE POLICY owner ON "Account" TO %I USING (true) WITH CHECK (true)', current_user); END $$;

-- A user spans accounts: the app sees (and may rename) the users who are members of its account;
-- a user is created or found by email only on the privileged path (invite acceptance, sign-in).
ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "User" FORCE ROW LEVEL SECURITY;
CREATE POLICY member_read ON "User" FOR SELECT TO inbox_app
  USING (EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = "User"."id"));
CREATE POLICY member_update ON "User" FOR UPDATE TO inbox_app
  USING (EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = "User"."id"));
DO $$ BEGIN EXECUTE format('CREATE POLICY owner ON "User" TO %I USING (true) WITH CHECK (true)', current_user); END $$;

-- An attachment belongs to its message's account (Message's own policy applies inside the check).
ALTER TABLE "Attachment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Attachment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON "Attachment" TO inbox_app
  USING (EXISTS (SELECT 1 FROM "Message" m WHERE m."id" = "Attachment"."messageId"))
  WITH CHECK (EXISTS (SELECT 1 FROM "Message" m WHERE m."id" = "Attachment"."messageId"));
DO $$ BEGIN EXECUTE format('CREATE POLICY owner ON "Attachment" TO %I USING (true) WITH CHECK (true)', current_user); END $$;
