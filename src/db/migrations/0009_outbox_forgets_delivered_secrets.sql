-- Messages already delivered forget their secrets (sign-in and phone codes, letters' query
-- codes), as every message delivered from now on does (notify/repo.ts markSent).
UPDATE "outbox" SET "vars" = "vars" - array['code', 'queryCode']::text[] WHERE "status" = 'sent' AND ("vars" ? 'code' OR "vars" ? 'queryCode');
