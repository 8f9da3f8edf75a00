CREATE TABLE "verification_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"certificate_id" uuid,
	"archive_form_id" uuid,
	"subject_no" text,
	"verdict" text NOT NULL,
	"reason" text,
	"channel" text NOT NULL,
	"verifier_org_id" uuid,
	"client_hash" text,
	"count" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verification_log" ADD CONSTRAINT "verification_log_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_log" ADD CONSTRAINT "verification_log_archive_form_id_archive_forms_id_fk" FOREIGN KEY ("archive_form_id") REFERENCES "archive_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_log" ADD CONSTRAINT "verification_log_verifier_org_id_organisations_id_fk" FOREIGN KEY ("verifier_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verification_log_certificate_idx" ON "verification_log" USING btree ("certificate_id","last_at");--> statement-breakpoint
CREATE INDEX "verification_log_archive_form_idx" ON "verification_log" USING btree ("archive_form_id");--> statement-breakpoint
CREATE INDEX "verification_log_verifier_idx" ON "verification_log" USING btree ("verifier_org_id");