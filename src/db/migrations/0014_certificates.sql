CREATE TABLE "certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"holder_user_id" integer NOT NULL,
	"holder_enterprise_id" integer,
	"holder_name" text NOT NULL,
	"holder_id_masked" text,
	"holder_credit_code" text,
	"item_id" integer NOT NULL,
	"item_name" text NOT NULL,
	"department_id" integer NOT NULL,
	"department_name" text NOT NULL,
	"source_no" text NOT NULL,
	"facts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by" integer,
	"revoked_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "certificates_kind" CHECK ("certificates"."kind" in ('certificate', 'approval_letter', 'decision_letter')),
	CONSTRAINT "certificates_status" CHECK ("certificates"."status" in ('valid', 'revoked')),
	CONSTRAINT "certificates_revoked" CHECK (("certificates"."status" = 'revoked') = ("certificates"."revoked_at" is not null)),
	CONSTRAINT "certificates_dates" CHECK ("certificates"."valid_until" is null or "certificates"."valid_until" >= "certificates"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_holder_enterprise_id_enterprises_id_fk" FOREIGN KEY ("holder_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_code" ON "certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_source" ON "certificates" USING btree ("source_no","kind","title");--> statement-breakpoint
CREATE INDEX "certificates_holder" ON "certificates" USING btree ("holder_user_id","issued_at");--> statement-breakpoint
CREATE INDEX "certificates_enterprise" ON "certificates" USING btree ("holder_enterprise_id");--> statement-breakpoint
CREATE INDEX "certificates_department" ON "certificates" USING btree ("department_id","issued_at");