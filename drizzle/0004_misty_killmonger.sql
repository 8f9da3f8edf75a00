ALTER TABLE "applications" ADD COLUMN "sync_client_id" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "client_updated_at" text;