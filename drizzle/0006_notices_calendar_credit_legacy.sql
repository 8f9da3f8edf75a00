CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"holidays" jsonb NOT NULL,
	"workdays" jsonb NOT NULL,
	"source" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"holder_name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hmac" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"series" text NOT NULL,
	"qualification" text NOT NULL,
	"level" text NOT NULL,
	"certificate_no" text NOT NULL,
	"issued_on" date NOT NULL,
	"issuing_office" text NOT NULL,
	"registered_by_org_id" uuid NOT NULL,
	"registered_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"certificate_id" uuid,
	"paper_certificate_id" uuid,
	"paper_series" text,
	"paper_qualification" text,
	"paper_number" text,
	"paper_issued_on" date,
	"paper_issuing_office" text,
	"published_on" date NOT NULL,
	"completes_on" date NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_one_subject" CHECK (("notices"."certificate_id" is null) <> ("notices"."paper_number" is null)),
	CONSTRAINT "notices_withdrawal_complete" CHECK (("notices"."status" = 'withdrawn') = ("notices"."withdrawn_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "credit_record_annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"by_org_id" uuid NOT NULL,
	"by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hmac" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"occurred_on" date NOT NULL,
	"decision_document" text NOT NULL,
	"evidence_file_id" uuid,
	"recorded_by_org_id" uuid NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_activations" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_certificates" ADD CONSTRAINT "paper_certificates_registered_by_org_id_organisations_id_fk" FOREIGN KEY ("registered_by_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_certificates" ADD CONSTRAINT "paper_certificates_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_paper_certificate_id_paper_certificates_id_fk" FOREIGN KEY ("paper_certificate_id") REFERENCES "paper_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record_annotations" ADD CONSTRAINT "credit_record_annotations_record_id_credit_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "credit_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record_annotations" ADD CONSTRAINT "credit_record_annotations_by_org_id_organisations_id_fk" FOREIGN KEY ("by_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record_annotations" ADD CONSTRAINT "credit_record_annotations_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_evidence_file_id_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_recorded_by_org_id_organisations_id_fk" FOREIGN KEY ("recorded_by_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_activations" ADD CONSTRAINT "account_activations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "paper_certificates_number_office_uq" ON "paper_certificates" USING btree ("certificate_no","issuing_office");--> statement-breakpoint
CREATE INDEX "paper_certificates_number_idx" ON "paper_certificates" USING btree ("certificate_no");--> statement-breakpoint
CREATE INDEX "paper_certificates_id_number_idx" ON "paper_certificates" USING btree ("id_number_hmac");--> statement-breakpoint
CREATE INDEX "paper_certificates_org_idx" ON "paper_certificates" USING btree ("registered_by_org_id");--> statement-breakpoint
CREATE INDEX "paper_certificates_registered_by_idx" ON "paper_certificates" USING btree ("registered_by");--> statement-breakpoint
CREATE INDEX "notices_applicant_idx" ON "notices" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "notices_application_idx" ON "notices" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "notices_certificate_idx" ON "notices" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "notices_paper_certificate_idx" ON "notices" USING btree ("paper_certificate_id");--> statement-breakpoint
CREATE INDEX "notices_board_idx" ON "notices" USING btree ("published_on");--> statement-breakpoint
CREATE INDEX "credit_record_annotations_record_idx" ON "credit_record_annotations" USING btree ("record_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_record_annotations_org_idx" ON "credit_record_annotations" USING btree ("by_org_id");--> statement-breakpoint
CREATE INDEX "credit_record_annotations_user_idx" ON "credit_record_annotations" USING btree ("by_user_id");--> statement-breakpoint
CREATE INDEX "credit_records_subject_idx" ON "credit_records" USING btree ("id_number_hmac","occurred_on");--> statement-breakpoint
CREATE INDEX "credit_records_org_idx" ON "credit_records" USING btree ("recorded_by_org_id");--> statement-breakpoint
CREATE INDEX "credit_records_recorded_by_idx" ON "credit_records" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "credit_records_evidence_idx" ON "credit_records" USING btree ("evidence_file_id");--> statement-breakpoint
-- Credit records are never changed or deleted, only annotated: the database refuses it.
CREATE OR REPLACE FUNCTION credit_records_refuse_change() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: credit records are never changed or deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_records_no_change BEFORE UPDATE OR DELETE ON credit_records
	FOR EACH ROW EXECUTE FUNCTION credit_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_records_no_truncate BEFORE TRUNCATE ON credit_records
	FOR EACH STATEMENT EXECUTE FUNCTION credit_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_record_annotations_no_change BEFORE UPDATE OR DELETE ON credit_record_annotations
	FOR EACH ROW EXECUTE FUNCTION credit_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_record_annotations_no_truncate BEFORE TRUNCATE ON credit_record_annotations
	FOR EACH STATEMENT EXECUTE FUNCTION credit_records_refuse_change();
--> statement-breakpoint
-- Notices stay on record: withdrawing one is an UPDATE of its status, never a DELETE.
CREATE OR REPLACE FUNCTION notices_refuse_delete() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION 'notices are kept on record and cannot be deleted';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
	FOR EACH ROW EXECUTE FUNCTION notices_refuse_delete();
