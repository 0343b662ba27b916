CREATE TABLE "disclosure_articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"department_id" integer,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"index_no" text NOT NULL,
	"doc_no" text DEFAULT '' NOT NULL,
	"stage" text NOT NULL,
	"category" text NOT NULL,
	"validity" text DEFAULT 'valid' NOT NULL,
	"policy_id" integer,
	"status" text DEFAULT 'unpublished' NOT NULL,
	"published_at" timestamp with time zone,
	"year" integer,
	"content" jsonb,
	"draft" jsonb,
	"draft_status" text DEFAULT 'draft' NOT NULL,
	"draft_note" text,
	"author_id" integer NOT NULL,
	"author_name" text NOT NULL,
	"contributor_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"live_version" integer DEFAULT 0 NOT NULL,
	"withdrawn_reason" text,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosure_articles_status" CHECK ("disclosure_articles"."status" in ('unpublished','scheduled','published','withdrawn')),
	CONSTRAINT "disclosure_articles_draft_status" CHECK ("disclosure_articles"."draft_status" in ('none','draft','review','rejected')),
	CONSTRAINT "disclosure_articles_validity" CHECK ("disclosure_articles"."validity" in ('valid','expired','repealed'))
);
--> statement-breakpoint
CREATE TABLE "disclosure_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"article_id" integer NOT NULL,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"stage" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_gazette_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"serial" integer NOT NULL,
	"published_on" text NOT NULL,
	"article_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_item_links" (
	"article_id" integer NOT NULL,
	"impl_code" text NOT NULL,
	"linked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosure_item_links_article_id_impl_code_pk" PRIMARY KEY("article_id","impl_code")
);
--> statement-breakpoint
CREATE TABLE "disclosure_kinds" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"is_policy" integer DEFAULT 0 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_orgs" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" integer,
	"department_id" integer,
	"guide" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"opens_on" text NOT NULL,
	"closes_on" text,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_article_versions" (
	"article_id" integer NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_by" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosure_article_versions_article_id_version_pk" PRIMARY KEY("article_id","version")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_articles_index_no" ON "disclosure_articles" USING btree ("index_no");--> statement-breakpoint
CREATE INDEX "disclosure_articles_browse" ON "disclosure_articles" USING btree ("status","org_id","category","year","published_at");--> statement-breakpoint
CREATE INDEX "disclosure_articles_kind" ON "disclosure_articles" USING btree ("status","kind","published_at");--> statement-breakpoint
CREATE INDEX "disclosure_articles_published" ON "disclosure_articles" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "disclosure_articles_policy" ON "disclosure_articles" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "disclosure_articles_dept" ON "disclosure_articles" USING btree ("department_id","draft_status");--> statement-breakpoint
CREATE INDEX "disclosure_attachments_article" ON "disclosure_attachments" USING btree ("article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_gazette_year_number" ON "disclosure_gazette_issues" USING btree ("year","number");--> statement-breakpoint
CREATE INDEX "disclosure_item_links_item" ON "disclosure_item_links" USING btree ("impl_code");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_orgs_slug" ON "disclosure_orgs" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "disclosure_orgs_parent" ON "disclosure_orgs" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_topics_slug" ON "disclosure_topics" USING btree ("slug");--> statement-breakpoint
INSERT INTO "disclosure_kinds" ("slug","name","is_policy","sort") VALUES
('policy','政策文件',1,1),('normative','规范性文件',1,2),('interpretation','政策解读',0,3),('news','工作动态',0,4),
('notice','通知公告',0,5),('personnel','人事信息',0,6),('budget','财政预决算',0,7),('plan','规划计划',0,8),
('statistics','统计信息',0,9),('emergency','应急管理',0,10),('report','工作报告',0,11),('procurement','政府采购',0,12)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "disclosure_categories" ("slug","name","stage","sort") VALUES
('policy-docs','政策文件','decision',1),('normative','规范性文件','decision',2),('decision-preview','重大决策预公开','decision',3),
('consultation','意见征集','decision',4),('meetings','会议公开','decision',5),('interpretation','政策解读','decision',6),
('plans','规划计划','execution',7),('key-work','重点工作','execution',8),('major-projects','重大项目','execution',9),
('work-report','政府工作报告','execution',10),('proposals','建议提案办理','execution',11),('inspection','督查落实','execution',12),
('functions','机构职能','management',13),('personnel','人事信息','management',14),('power-list','权责清单','management',15),
('enforcement','行政执法','management',16),('random-inspection','双随机一公开','management',17),('budget','财政预决算','management',18),
('procurement','政府采购','management',19),
('services','办事服务','service',20),('social-assistance','社会救助','service',21),('employment','就业创业','service',22),
('education','教育服务','service',23),('health','医疗卫生','service',24),('housing','住房保障','service',25),('emergency','应急管理','service',26),
('statistics','统计信息','result',27),('audit-results','审计结果','result',28),('summaries','工作总结','result',29),
('responses','回应关切','result',30),('news','工作动态','result',31)
ON CONFLICT DO NOTHING;
