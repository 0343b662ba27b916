CREATE TABLE "appt_bookings" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"slot_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	"hall_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"status" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_waitlist" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_exceptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" integer NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"opens" text,
	"closes" text,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_hall_staff" (
	"user_id" integer NOT NULL,
	"hall_id" integer NOT NULL,
	CONSTRAINT "appt_hall_staff_user_id_hall_id_pk" PRIMARY KEY("user_id","hall_id")
);
--> statement-breakpoint
CREATE TABLE "appt_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" integer NOT NULL,
	"weekday" integer NOT NULL,
	"opens" text NOT NULL,
	"closes" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_numbers" (
	"queue_id" integer NOT NULL,
	"day" date NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "appt_numbers_queue_id_day_pk" PRIMARY KEY("queue_id","day")
);
--> statement-breakpoint
CREATE TABLE "appt_queues" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" integer NOT NULL,
	"prefix" text NOT NULL,
	"name" text NOT NULL,
	"item_ids" jsonb NOT NULL,
	"slot_minutes" integer DEFAULT 30 NOT NULL,
	"seats" integer DEFAULT 4 NOT NULL,
	"horizon_days" integer DEFAULT 7 NOT NULL,
	"release_time" text DEFAULT '08:00' NOT NULL,
	"min_notice_minutes" integer DEFAULT 60 NOT NULL,
	"cancel_cutoff_minutes" integer DEFAULT 120 NOT NULL,
	"check_in_early_minutes" integer DEFAULT 30 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "appt_queues_rules" CHECK ("appt_queues"."slot_minutes" between 5 and 240 and "appt_queues"."seats" between 0 and 500 and "appt_queues"."horizon_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "appt_slots" (
	"id" serial PRIMARY KEY NOT NULL,
	"queue_id" integer NOT NULL,
	"hall_id" integer NOT NULL,
	"day" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "appt_slots_seats" CHECK ("appt_slots"."booked" >= 0 and "appt_slots"."booked" <= "appt_slots"."capacity")
);
--> statement-breakpoint
CREATE TABLE "appt_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	"day" date NOT NULL,
	"label" text NOT NULL,
	"token" text NOT NULL,
	"booking_id" integer,
	"user_id" integer,
	"kind" text NOT NULL,
	"priority_group" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_id" integer,
	"for_window_id" integer,
	"skips" integer DEFAULT 0 NOT NULL,
	"recalls" integer DEFAULT 0 NOT NULL,
	"item_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"called_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_waitlist" (
	"id" serial PRIMARY KEY NOT NULL,
	"slot_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"booking_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_windows" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"queue_ids" jsonb NOT NULL,
	"open" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appt_bookings" ADD CONSTRAINT "appt_bookings_slot_id_appt_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."appt_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_bookings" ADD CONSTRAINT "appt_bookings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_exceptions" ADD CONSTRAINT "appt_exceptions_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_hall_staff" ADD CONSTRAINT "appt_hall_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_hall_staff" ADD CONSTRAINT "appt_hall_staff_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_hours" ADD CONSTRAINT "appt_hours_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_queues" ADD CONSTRAINT "appt_queues_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_slots" ADD CONSTRAINT "appt_slots_queue_id_appt_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."appt_queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_waitlist" ADD CONSTRAINT "appt_waitlist_slot_id_appt_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."appt_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_waitlist" ADD CONSTRAINT "appt_waitlist_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_windows" ADD CONSTRAINT "appt_windows_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appt_bookings_code" ON "appt_bookings" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_bookings_one_active" ON "appt_bookings" USING btree ("user_id","item_id") WHERE status in ('booked', 'checked_in');--> statement-breakpoint
CREATE UNIQUE INDEX "appt_bookings_idempotency" ON "appt_bookings" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "appt_bookings_slot" ON "appt_bookings" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "appt_bookings_user" ON "appt_bookings" USING btree ("user_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_exceptions_day" ON "appt_exceptions" USING btree ("hall_id","day");--> statement-breakpoint
CREATE INDEX "appt_hours_hall" ON "appt_hours" USING btree ("hall_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_queues_prefix" ON "appt_queues" USING btree ("hall_id","prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_slots_start" ON "appt_slots" USING btree ("queue_id","starts_at");--> statement-breakpoint
CREATE INDEX "appt_slots_day" ON "appt_slots" USING btree ("hall_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_tickets_token" ON "appt_tickets" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_tickets_label" ON "appt_tickets" USING btree ("queue_id","day","label");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_tickets_booking" ON "appt_tickets" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "appt_tickets_queue" ON "appt_tickets" USING btree ("hall_id","day","status");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_waitlist_one" ON "appt_waitlist" USING btree ("slot_id","user_id") WHERE status = 'waiting';--> statement-breakpoint
CREATE INDEX "appt_waitlist_order" ON "appt_waitlist" USING btree ("slot_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "appt_windows_number" ON "appt_windows" USING btree ("hall_id","number");