CREATE SEQUENCE "public"."search_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "search_best_bets" (
	"id" serial PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"doc_key" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_clicks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"doc_key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_documents" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"title" text NOT NULL,
	"aliases" text[] DEFAULT '{}' NOT NULL,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"url" text NOT NULL,
	"department_id" integer,
	"department_name" text,
	"themes" text[] DEFAULT '{}' NOT NULL,
	"audiences" text[] DEFAULT '{}' NOT NULL,
	"item_type" text,
	"outdated" boolean DEFAULT false NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"seq" bigint DEFAULT nextval('search_seq') NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_queries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"results" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_synonyms" (
	"id" serial PRIMARY KEY NOT NULL,
	"terms" text[] NOT NULL,
	"targets" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "search_best_bets_query_doc" ON "search_best_bets" USING btree ("query","doc_key");--> statement-breakpoint
CREATE INDEX "search_clicks_at" ON "search_clicks" USING btree ("at");--> statement-breakpoint
CREATE INDEX "search_documents_seq" ON "search_documents" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "search_documents_updated" ON "search_documents" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "search_queries_at" ON "search_queries" USING btree ("at");