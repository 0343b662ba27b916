CREATE TABLE "departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" text NOT NULL,
	"functions" jsonb NOT NULL,
	"units" jsonb NOT NULL,
	"leaders" jsonb NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"office_hours" text NOT NULL,
	"phones" jsonb NOT NULL,
	"website" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"transit" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"department_id" integer NOT NULL,
	"note" text,
	"fields" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "halls" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"department_id" integer,
	"address" text NOT NULL,
	"hours" text NOT NULL,
	"phone" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"transit" text NOT NULL,
	"windows" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_halls" (
	"item_id" integer NOT NULL,
	"hall_id" integer NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "item_halls_item_id_hall_id_pk" PRIMARY KEY("item_id","hall_id")
);
--> statement-breakpoint
CREATE TABLE "item_special_groups" (
	"item_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "item_special_groups_item_id_group_id_pk" PRIMARY KEY("item_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "item_themes" (
	"item_id" integer NOT NULL,
	"theme_id" integer NOT NULL,
	CONSTRAINT "item_themes_item_id_theme_id_pk" PRIMARY KEY("item_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "item_views" (
	"item_id" integer NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "item_views_item_id_day_pk" PRIMARY KEY("item_id","day")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"impl_code" text NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}' NOT NULL,
	"type" text NOT NULL,
	"parent_id" integer,
	"department_id" integer NOT NULL,
	"implementing_body" text NOT NULL,
	"legal_basis" jsonb NOT NULL,
	"targets" text[] NOT NULL,
	"summary" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"materials" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"legal_limit_days" integer NOT NULL,
	"promised_limit_days" integer NOT NULL,
	"limit_kind" text NOT NULL,
	"limit_note" text,
	"fees" jsonb NOT NULL,
	"consult_phone" text NOT NULL,
	"complaint_phone" text NOT NULL,
	"handling_forms" text[] NOT NULL,
	"visits" integer NOT NULL,
	"online_depth" integer NOT NULL,
	"appointment" boolean NOT NULL,
	"results" jsonb NOT NULL,
	"faq" jsonb NOT NULL,
	"policies" jsonb NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"arrangements" jsonb NOT NULL,
	"hotline" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"audience" text NOT NULL,
	"description" text NOT NULL,
	"icon" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forms" ADD CONSTRAINT "forms_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "halls" ADD CONSTRAINT "halls_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_halls" ADD CONSTRAINT "item_halls_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_halls" ADD CONSTRAINT "item_halls_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_special_groups" ADD CONSTRAINT "item_special_groups_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_special_groups" ADD CONSTRAINT "item_special_groups_group_id_special_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."special_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_themes" ADD CONSTRAINT "item_themes_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_themes" ADD CONSTRAINT "item_themes_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_views" ADD CONSTRAINT "item_views_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "departments_slug" ON "departments" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "forms_slug" ON "forms" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "halls_slug" ON "halls" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "item_halls_hall" ON "item_halls" USING btree ("hall_id");--> statement-breakpoint
CREATE INDEX "item_special_groups_group" ON "item_special_groups" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "item_themes_theme" ON "item_themes" USING btree ("theme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_impl_code" ON "items" USING btree ("impl_code");--> statement-breakpoint
CREATE INDEX "items_department" ON "items" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "items_parent" ON "items" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "special_groups_slug" ON "special_groups" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "themes_slug" ON "themes" USING btree ("slug");