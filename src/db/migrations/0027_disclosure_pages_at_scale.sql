CREATE TABLE "disclosure_article_counts" (
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"stage" text NOT NULL,
	"year" integer NOT NULL,
	"validity" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "disclosure_article_counts_org_id_kind_category_stage_year_validity_pk" PRIMARY KEY("org_id","kind","category","stage","year","validity")
);
--> statement-breakpoint
DROP INDEX "disclosure_articles_browse";--> statement-breakpoint
DROP INDEX "disclosure_articles_kind";--> statement-breakpoint
DROP INDEX "disclosure_articles_org_newest";--> statement-breakpoint
DROP INDEX "disclosure_articles_newest";--> statement-breakpoint
CREATE INDEX "disclosure_articles_live_newest" ON "disclosure_articles" USING btree ("year" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "disclosure_articles"."status" in ('published','scheduled');--> statement-breakpoint
CREATE INDEX "disclosure_articles_live_org" ON "disclosure_articles" USING btree ("org_id","year" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "disclosure_articles"."status" in ('published','scheduled');--> statement-breakpoint
CREATE INDEX "disclosure_articles_live_org_category" ON "disclosure_articles" USING btree ("org_id","category","year" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "disclosure_articles"."status" in ('published','scheduled');--> statement-breakpoint
CREATE INDEX "disclosure_articles_live_kind" ON "disclosure_articles" USING btree ("kind","year" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "disclosure_articles"."status" in ('published','scheduled');--> statement-breakpoint
CREATE INDEX "disclosure_articles_live_category" ON "disclosure_articles" USING btree ("category","year" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "disclosure_articles"."status" in ('published','scheduled');--> statement-breakpoint
-- Written by hand below (drizzle-kit does not generate triggers): the counts of published
-- articles are kept by every statement that writes disclosure_articles, bulk ones included. An
-- update subtracts the rows as they were and adds them as they are; a change that moves no count
-- (a draft saved) writes nothing.
CREATE FUNCTION "disclosure_article_counts_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO disclosure_article_counts AS c (org_id, kind, category, stage, year, validity, n)
    SELECT org_id, kind, category, stage, coalesce(year, 0), validity, count(*)::int FROM new_rows WHERE status = 'published'
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, kind, category, stage, year, validity) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE disclosure_article_counts c SET n = c.n - o.n
    FROM (SELECT org_id, kind, category, stage, coalesce(year, 0) AS year, validity, count(*)::int AS n FROM old_rows WHERE status = 'published' GROUP BY 1, 2, 3, 4, 5, 6) o
    WHERE (c.org_id, c.kind, c.category, c.stage, c.year, c.validity) = (o.org_id, o.kind, o.category, o.stage, o.year, o.validity);
  ELSE
    INSERT INTO disclosure_article_counts AS c (org_id, kind, category, stage, year, validity, n)
    SELECT org_id, kind, category, stage, year, validity, sum(d)::int FROM (
      SELECT org_id, kind, category, stage, coalesce(year, 0) AS year, validity, 1 AS d FROM new_rows WHERE status = 'published'
      UNION ALL
      SELECT org_id, kind, category, stage, coalesce(year, 0), validity, -1 FROM old_rows WHERE status = 'published'
    ) x GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, kind, category, stage, year, validity) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "disclosure_article_counts_insert" AFTER INSERT ON "disclosure_articles" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "disclosure_article_counts_keep"();--> statement-breakpoint
CREATE TRIGGER "disclosure_article_counts_update" AFTER UPDATE ON "disclosure_articles" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "disclosure_article_counts_keep"();--> statement-breakpoint
CREATE TRIGGER "disclosure_article_counts_delete" AFTER DELETE ON "disclosure_articles" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "disclosure_article_counts_keep"();--> statement-breakpoint
INSERT INTO "disclosure_article_counts" (org_id, kind, category, stage, year, validity, n)
SELECT org_id, kind, category, stage, coalesce(year, 0), validity, count(*)::int FROM "disclosure_articles" WHERE status = 'published' GROUP BY 1, 2, 3, 4, 5, 6;
