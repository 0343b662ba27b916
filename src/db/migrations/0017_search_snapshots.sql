CREATE TABLE "search_snapshot_parts" (
	"snapshot_id" integer NOT NULL,
	"part" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "search_snapshot_parts_snapshot_id_part_pk" PRIMARY KEY("snapshot_id","part")
);
--> statement-breakpoint
CREATE TABLE "search_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"documents" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"format" integer NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "organisation_id" integer;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "organisation_name" text;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "year" smallint;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "validity" text;--> statement-breakpoint
ALTER TABLE "search_snapshot_parts" ADD CONSTRAINT "search_snapshot_parts_snapshot_id_search_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."search_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_validity" CHECK ("validity" IS NULL OR "validity" IN ('valid', 'expired', 'repealed'));--> statement-breakpoint
ALTER TABLE "search_snapshot_parts" ALTER COLUMN "data" SET STORAGE EXTERNAL;
