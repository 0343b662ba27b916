CREATE TABLE "application_openings" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"application_id" integer,
	"since" text NOT NULL,
	"reason" text NOT NULL,
	"notice" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "instant_decision" jsonb;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "review_sample" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "review_result" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "bundle_no" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "bundle_slug" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "bundle_part" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "waits_for" jsonb;--> statement-breakpoint
ALTER TABLE "application_openings" ADD CONSTRAINT "application_openings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_openings" ADD CONSTRAINT "application_openings_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_openings" ADD CONSTRAINT "application_openings_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_openings_once" ON "application_openings" USING btree ("user_id","item_id");--> statement-breakpoint
CREATE INDEX "application_openings_application" ON "application_openings" USING btree ("application_id");--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_review_sample" ON "applications" USING btree ("review_sample","reviewed_at");--> statement-breakpoint
CREATE INDEX "applications_bundle" ON "applications" USING btree ("bundle_no");