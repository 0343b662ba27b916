ALTER TABLE "catalog_drafts" ADD COLUMN "contributor_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "letter_replies" ADD COLUMN "contributor_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
-- Who worked on the drafts and replies already open: their author, and for replies everyone the
-- case history shows drafting or submitting a reply (more names only make the rule stricter).
UPDATE "catalog_drafts" SET "contributor_ids" = ARRAY["author_id"];--> statement-breakpoint
UPDATE "letter_replies" r SET "contributor_ids" = ARRAY(
  SELECT DISTINCT x FROM unnest(
    array_remove(ARRAY[r."author_id"], NULL) ||
    coalesce((SELECT array_agg(e."actor_id") FROM "letter_events" e
              WHERE e."letter_id" = r."letter_id" AND e."kind" IN ('reply_drafted', 'reply_submitted') AND e."actor_id" IS NOT NULL), '{}')
  ) AS x
);
