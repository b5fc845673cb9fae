-- Accent- and case-insensitive search ("don hang" finds "Đơn hàng"), with trigram indexes so a
-- search does not read every message. unaccent() is STABLE (its dictionary could change), so an
-- index needs an IMMUTABLE wrapper naming the dictionary explicitly (the usual PostgreSQL idiom).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION inbox_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

CREATE INDEX "Message_text_fold_trgm" ON "Message" USING gin (inbox_fold("text") gin_trgm_ops);
CREATE INDEX "Contact_name_fold_trgm" ON "Contact" USING gin (inbox_fold(coalesce("displayName", '') || ' ' || "name") gin_trgm_ops);
