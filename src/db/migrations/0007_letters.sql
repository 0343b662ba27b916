CREATE TABLE "dispatch_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"channel" text,
	"type" text,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"department_id" integer NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_departments" (
	"letter_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"role" text NOT NULL,
	"opinion" text,
	CONSTRAINT "letter_departments_letter_id_department_id_pk" PRIMARY KEY("letter_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "letter_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"department_id" integer,
	"note" text,
	"internal" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"author_id" integer,
	"author_name" text NOT NULL,
	"reviewer_id" integer,
	"return_reason" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"tracking_code" text NOT NULL,
	"query_code" text NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"phone_verified" boolean DEFAULT false NOT NULL,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"is_public" boolean DEFAULT false NOT NULL,
	"addressed_department_id" integer,
	"account_id" integer,
	"source" text DEFAULT 'web' NOT NULL,
	"status" text NOT NULL,
	"department_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatch_due_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"extension_status" text,
	"extension_reason" text,
	"reminded_at" timestamp with time zone,
	"supervised_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"reply_working_days" integer,
	"replied_on_time" boolean,
	"closed_at" timestamp with time zone,
	"rating" text,
	"rating_comment" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"merged_into_id" integer,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"department_id" integer,
	"title" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_attachments" ADD CONSTRAINT "letter_attachments_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_departments" ADD CONSTRAINT "letter_departments_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_departments" ADD CONSTRAINT "letter_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_replies" ADD CONSTRAINT "letter_replies_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_replies" ADD CONSTRAINT "letter_replies_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_replies" ADD CONSTRAINT "letter_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_replies" ADD CONSTRAINT "letter_replies_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_addressed_department_id_departments_id_fk" FOREIGN KEY ("addressed_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_account_id_users_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_templates" ADD CONSTRAINT "reply_templates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letter_attachments_letter" ON "letter_attachments" USING btree ("letter_id");--> statement-breakpoint
CREATE INDEX "letter_departments_department" ON "letter_departments" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "letter_events_letter" ON "letter_events" USING btree ("letter_id","at");--> statement-breakpoint
CREATE INDEX "letter_replies_letter" ON "letter_replies" USING btree ("letter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_tracking_code" ON "letters" USING btree ("tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_idempotency_key" ON "letters" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "letters_department_status" ON "letters" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "letters_status_due" ON "letters" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "letters_phone_received" ON "letters" USING btree ("phone","received_at");--> statement-breakpoint
CREATE INDEX "letters_public_replied" ON "letters" USING btree ("is_public","replied_at");--> statement-breakpoint
CREATE INDEX "letters_account" ON "letters" USING btree ("account_id");