CREATE TABLE "certificate_batch_items" (
	"batch_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"outcome" text,
	CONSTRAINT "certificate_batch_items_batch_id_application_id_pk" PRIMARY KEY("batch_id","application_id")
);
--> statement-breakpoint
ALTER TABLE "certificate_batches" ADD COLUMN "skipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_batch_items" ADD CONSTRAINT "certificate_batch_items_batch_id_certificate_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "certificate_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_batch_items" ADD CONSTRAINT "certificate_batch_items_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_batch_items_order_idx" ON "certificate_batch_items" USING btree ("batch_id","seq");--> statement-breakpoint
CREATE INDEX "certificate_batch_items_application_idx" ON "certificate_batch_items" USING btree ("application_id");