CREATE TABLE "proposal_co_handlers" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"opinion" text,
	"opinion_on" text,
	"opinion_by" text
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"authors" jsonb NOT NULL,
	"content" text NOT NULL,
	"main_department_id" integer NOT NULL,
	"status" text NOT NULL,
	"assigned_on" text NOT NULL,
	"due_on" text NOT NULL,
	"reply_grade" text,
	"reply_body" text,
	"replied_on" text,
	"replied_by" text,
	"openness" text,
	"withheld_reason" text,
	"published_on" text,
	"published_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annual_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"figures" jsonb NOT NULL,
	"sections" jsonb NOT NULL,
	"contributors" jsonb NOT NULL,
	"submitted_by" text,
	"published_by" text,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proposal_co_handlers" ADD CONSTRAINT "proposal_co_handlers_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_co_handlers" ADD CONSTRAINT "proposal_co_handlers_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_main_department_id_departments_id_fk" FOREIGN KEY ("main_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_org_id_disclosure_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."disclosure_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_co_handlers_key" ON "proposal_co_handlers" USING btree ("proposal_id","department_id");--> statement-breakpoint
CREATE INDEX "proposal_co_handlers_department_idx" ON "proposal_co_handlers" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_kind_year_number_key" ON "proposals" USING btree ("kind","year","number");--> statement-breakpoint
CREATE INDEX "proposals_main_department_idx" ON "proposals" USING btree ("main_department_id","year");--> statement-breakpoint
CREATE INDEX "proposals_year_kind_idx" ON "proposals" USING btree ("year","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "annual_reports_org_year_key" ON "annual_reports" USING btree ("org_id","year");