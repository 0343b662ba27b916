CREATE TABLE "ratables" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_ref" text NOT NULL,
	"title" text NOT NULL,
	"item_id" integer,
	"item_name" text,
	"department_id" integer NOT NULL,
	"rater_user_id" integer NOT NULL,
	"detail_url" text NOT NULL,
	"concluded_at" timestamp with time zone NOT NULL,
	"invited_at" timestamp with time zone,
	"level" text,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone,
	"rating_key" text,
	"follow_up" text,
	"follow_up_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratables_level_check" CHECK ("ratables"."level" is null or "ratables"."level" in ('very_satisfied','satisfied','basically','unsatisfied','very_unsatisfied')),
	CONSTRAINT "ratables_kind_check" CHECK ("ratables"."kind" in ('application','booking'))
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"ratable_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"overdue_at" timestamp with time zone,
	"measures" text,
	"callback_date" text,
	"callback_method" text,
	"callback_result" text,
	"callback_note" text,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"closed_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "rectifications_status_check" CHECK ("rectifications"."status" in ('open','closed'))
);
--> statement-breakpoint
ALTER TABLE "ratables" ADD CONSTRAINT "ratables_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratables" ADD CONSTRAINT "ratables_rater_user_id_users_id_fk" FOREIGN KEY ("rater_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_ratable_id_ratables_id_fk" FOREIGN KEY ("ratable_id") REFERENCES "public"."ratables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ratables_subject_idx" ON "ratables" USING btree ("kind","subject_ref");--> statement-breakpoint
CREATE INDEX "ratables_rater_idx" ON "ratables" USING btree ("rater_user_id","concluded_at");--> statement-breakpoint
CREATE INDEX "ratables_department_idx" ON "ratables" USING btree ("department_id","level");--> statement-breakpoint
CREATE INDEX "ratables_uninvited_idx" ON "ratables" USING btree ("concluded_at") WHERE "ratables"."level" is null and "ratables"."invited_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "rectifications_ratable_idx" ON "rectifications" USING btree ("ratable_id");--> statement-breakpoint
CREATE INDEX "rectifications_queue_idx" ON "rectifications" USING btree ("department_id","status","due_at");