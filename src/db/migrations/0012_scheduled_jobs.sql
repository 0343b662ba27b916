CREATE TABLE "scheduled_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"running_since" timestamp with time zone,
	"runner" text,
	"runs" integer DEFAULT 0 NOT NULL,
	"last_finished_at" timestamp with time zone,
	"last_error" text
);
