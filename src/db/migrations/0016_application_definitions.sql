CREATE TABLE "application_bundles" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"item_code" text NOT NULL,
	"version" integer NOT NULL,
	"form" jsonb NOT NULL,
	"route" jsonb NOT NULL,
	"automation" jsonb,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" integer,
	CONSTRAINT "application_definitions_version_positive" CHECK ("application_definitions"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "application_definitions" ADD CONSTRAINT "application_definitions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_bundles_slug" ON "application_bundles" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "application_definitions_item_version" ON "application_definitions" USING btree ("item_id","version");