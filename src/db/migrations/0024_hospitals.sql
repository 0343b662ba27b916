CREATE TABLE "hosp_admins" (
	"user_id" integer NOT NULL,
	"hospital_id" integer NOT NULL,
	CONSTRAINT "hosp_admins_user_id_hospital_id_pk" PRIMARY KEY("user_id","hospital_id")
);
--> statement-breakpoint
CREATE TABLE "hosp_departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"hospital_id" integer NOT NULL,
	"name" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"beds_total" integer DEFAULT 0 NOT NULL,
	"beds_free" integer DEFAULT 0 NOT NULL,
	"beds_updated_at" timestamp with time zone,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hosp_departments_beds" CHECK ("hosp_departments"."beds_free" >= 0 and "hosp_departments"."beds_free" <= "hosp_departments"."beds_total")
);
--> statement-breakpoint
CREATE TABLE "hosp_doctors" (
	"id" serial PRIMARY KEY NOT NULL,
	"hospital_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"speciality" text NOT NULL,
	"fee_fen" integer NOT NULL,
	"weekly" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hosp_hospitals" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"grade" text NOT NULL,
	"address" text NOT NULL,
	"phone" text NOT NULL,
	"release_days" integer DEFAULT 7 NOT NULL,
	"release_time" text DEFAULT '08:00' NOT NULL,
	"cancel_cutoff_minutes" integer DEFAULT 120 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hosp_hospitals_rule" CHECK ("hosp_hospitals"."release_days" between 1 and 30 and "hosp_hospitals"."cancel_cutoff_minutes" between 0 and 10080)
);
--> statement-breakpoint
CREATE TABLE "hosp_registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"session_id" integer NOT NULL,
	"doctor_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"hospital_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"status" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"rebooked_to" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hosp_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"doctor_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"hospital_id" integer NOT NULL,
	"day" date NOT NULL,
	"half" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"quota" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"notice" text,
	CONSTRAINT "hosp_sessions_quota" CHECK ("hosp_sessions"."booked" >= 0 and "hosp_sessions"."booked" <= "hosp_sessions"."quota" and "hosp_sessions"."quota" <= 500)
);
--> statement-breakpoint
ALTER TABLE "hosp_admins" ADD CONSTRAINT "hosp_admins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_admins" ADD CONSTRAINT "hosp_admins_hospital_id_hosp_hospitals_id_fk" FOREIGN KEY ("hospital_id") REFERENCES "public"."hosp_hospitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_departments" ADD CONSTRAINT "hosp_departments_hospital_id_hosp_hospitals_id_fk" FOREIGN KEY ("hospital_id") REFERENCES "public"."hosp_hospitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_doctors" ADD CONSTRAINT "hosp_doctors_hospital_id_hosp_hospitals_id_fk" FOREIGN KEY ("hospital_id") REFERENCES "public"."hosp_hospitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_doctors" ADD CONSTRAINT "hosp_doctors_department_id_hosp_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."hosp_departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_registrations" ADD CONSTRAINT "hosp_registrations_session_id_hosp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."hosp_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_registrations" ADD CONSTRAINT "hosp_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosp_sessions" ADD CONSTRAINT "hosp_sessions_doctor_id_hosp_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."hosp_doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hosp_departments_hospital" ON "hosp_departments" USING btree ("hospital_id");--> statement-breakpoint
CREATE INDEX "hosp_doctors_department" ON "hosp_doctors" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hosp_hospitals_slug" ON "hosp_hospitals" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "hosp_registrations_code" ON "hosp_registrations" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "hosp_registrations_one_active" ON "hosp_registrations" USING btree ("user_id","session_id") WHERE status = 'booked';--> statement-breakpoint
CREATE UNIQUE INDEX "hosp_registrations_idempotency" ON "hosp_registrations" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "hosp_registrations_session" ON "hosp_registrations" USING btree ("session_id","status");--> statement-breakpoint
CREATE INDEX "hosp_registrations_user" ON "hosp_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hosp_sessions_half" ON "hosp_sessions" USING btree ("doctor_id","day","half");--> statement-breakpoint
CREATE INDEX "hosp_sessions_department" ON "hosp_sessions" USING btree ("department_id","day");