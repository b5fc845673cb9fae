-- One enum value per migration, and nothing else in it: before PostgreSQL 12, ALTER TYPE ... ADD VALUE
-- cannot run inside a transaction block, and a migration script of several statements is one
-- (the pg and PGlite adapters send a script as one simple-protocol query, an implicit transaction).
-- From 12 on it may, but the new value cannot be used until committed: later migrations use it.
ALTER TYPE "ConversationStatus" ADD VALUE 'pending';
