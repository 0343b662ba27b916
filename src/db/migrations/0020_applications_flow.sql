ALTER TABLE "applications" ADD COLUMN "definition_version" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "overdue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "delivery" jsonb;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decided_by" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "certificate_code" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "certificate_url" text;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;