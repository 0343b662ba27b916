-- Attachments' bytes move to the file store (FILES_DIR or S3): the row keeps the hash. Bytes of
-- earlier rows are moved out on the next start (or `yimen migrate`), then set to null.
ALTER TABLE "letter_attachments" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "letter_attachments" ALTER COLUMN "data" DROP NOT NULL;
