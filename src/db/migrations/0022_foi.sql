CREATE SEQUENCE "public"."foi_request_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "foi_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "foi_pauses" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"reason" text NOT NULL,
	"party" text NOT NULL,
	"from_on" text NOT NULL,
	"to_on" text
);
--> statement-breakpoint
CREATE TABLE "foi_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"account_id" integer,
	"department_id" integer NOT NULL,
	"applicant_kind" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_no" text NOT NULL,
	"phone" text,
	"email" text,
	"address" text,
	"description" text NOT NULL,
	"purpose" text,
	"format" text NOT NULL,
	"delivery" text NOT NULL,
	"channel" text NOT NULL,
	"event_on" text NOT NULL,
	"received_on" text NOT NULL,
	"status" text NOT NULL,
	"correction_notice_on" text,
	"correction_note" text,
	"corrected_on" text,
	"corrected_text" text,
	"extended" boolean DEFAULT false NOT NULL,
	"extension_reason" text,
	"extension_approved_by" text,
	"extended_on" text,
	"reply_type" text,
	"reply_ground" text,
	"reply_body" text,
	"reply_file_key" text,
	"reply_file_name" text,
	"reply_file_type" text,
	"replied_on" text,
	"month_ordinal" integer DEFAULT 1 NOT NULL,
	"fee_applies" boolean DEFAULT false NOT NULL,
	"fee_yuan" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "foi_events" ADD CONSTRAINT "foi_events_request_id_foi_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."foi_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foi_pauses" ADD CONSTRAINT "foi_pauses_request_id_foi_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."foi_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foi_requests" ADD CONSTRAINT "foi_requests_account_id_users_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foi_requests" ADD CONSTRAINT "foi_requests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "foi_events_request_idx" ON "foi_events" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "foi_pauses_request_idx" ON "foi_pauses" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "foi_pauses_one_open" ON "foi_pauses" USING btree ("request_id") WHERE "foi_pauses"."to_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "foi_requests_code_key" ON "foi_requests" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "foi_requests_idempotency_key" ON "foi_requests" USING btree ("idempotency_key") WHERE "foi_requests"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "foi_requests_department_status_idx" ON "foi_requests" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "foi_requests_account_idx" ON "foi_requests" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "foi_requests_applicant_month_idx" ON "foi_requests" USING btree ("applicant_id_no","received_on");