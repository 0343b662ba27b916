CREATE TABLE "foi_publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"status" text NOT NULL,
	"basis" text NOT NULL,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"prepared_by" integer NOT NULL,
	"prepared_by_name" text NOT NULL,
	"published_by_name" text,
	"published_on" text,
	"withdrawn_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "foi_publications" ADD CONSTRAINT "foi_publications_request_id_foi_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."foi_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "foi_publications" ADD CONSTRAINT "foi_publications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "foi_publications_request_key" ON "foi_publications" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "foi_publications_status_idx" ON "foi_publications" USING btree ("status","published_on");