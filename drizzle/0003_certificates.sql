CREATE SEQUENCE "certificate_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "management_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "archive_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"form_no" text NOT NULL,
	"content_sha256" text NOT NULL,
	"issuer_org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conferral_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_by" uuid NOT NULL,
	"runner" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certificate_signing_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid,
	"source" text NOT NULL,
	"certificate" "bytea" NOT NULL,
	"chain_pem" text DEFAULT '' NOT NULL,
	"private_key_enc" text NOT NULL,
	"subject" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_signing_identities_org_kind" CHECK (("certificate_signing_identities"."kind" = 'demoCa') = ("certificate_signing_identities"."organisation_id" is null))
);
--> statement-breakpoint
CREATE TABLE "certificate_token_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_no" text NOT NULL,
	"management_no" text NOT NULL,
	"application_id" uuid,
	"holder_user_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hmac" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"sex" text NOT NULL,
	"obtained_by" text NOT NULL,
	"series" text NOT NULL,
	"qualification" text NOT NULL,
	"level" text NOT NULL,
	"specialty" text NOT NULL,
	"conferred_on" date NOT NULL,
	"committee_name" text NOT NULL,
	"document_number" text NOT NULL,
	"conferral_id" uuid,
	"issuer_org_id" uuid NOT NULL,
	"issuer_name" text NOT NULL,
	"issuer_code" text NOT NULL,
	"issued_on" date NOT NULL,
	"style" text NOT NULL,
	"token_kid" text NOT NULL,
	"token" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"void_reason" text,
	"voided_at" timestamp with time zone,
	"replaced_by" uuid,
	"replaces" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	"photo_attachment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_revocation_complete" CHECK ("certificates"."status" <> 'revoked' or ("certificates"."revoked_at" is not null and "certificates"."revoked_by" is not null and "certificates"."revoke_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "archive_forms" ADD CONSTRAINT "archive_forms_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_forms" ADD CONSTRAINT "archive_forms_issuer_org_id_organisations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_batches" ADD CONSTRAINT "certificate_batches_conferral_id_conferrals_id_fk" FOREIGN KEY ("conferral_id") REFERENCES "conferrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_batches" ADD CONSTRAINT "certificate_batches_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_signing_identities" ADD CONSTRAINT "certificate_signing_identities_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_token_keys" ADD CONSTRAINT "certificate_token_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_conferral_id_conferrals_id_fk" FOREIGN KEY ("conferral_id") REFERENCES "conferrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issuer_org_id_organisations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_replaced_by_certificates_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_replaces_certificates_id_fk" FOREIGN KEY ("replaces") REFERENCES "certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_photo_attachment_id_attachments_id_fk" FOREIGN KEY ("photo_attachment_id") REFERENCES "attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "archive_forms_application_uq" ON "archive_forms" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "archive_forms_form_no_uq" ON "archive_forms" USING btree ("form_no");--> statement-breakpoint
CREATE INDEX "archive_forms_issuer_idx" ON "archive_forms" USING btree ("issuer_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_batches_conferral_uq" ON "certificate_batches" USING btree ("conferral_id");--> statement-breakpoint
CREATE INDEX "certificate_batches_started_by_idx" ON "certificate_batches" USING btree ("started_by");--> statement-breakpoint
CREATE INDEX "certificate_signing_identities_org_idx" ON "certificate_signing_identities" USING btree ("organisation_id","retired_at");--> statement-breakpoint
CREATE INDEX "certificate_token_keys_org_idx" ON "certificate_token_keys" USING btree ("organisation_id","retired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_certificate_no_uq" ON "certificates" USING btree ("certificate_no");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_management_no_uq" ON "certificates" USING btree ("management_no");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_application_uq" ON "certificates" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "certificates_holder_idx" ON "certificates" USING btree ("holder_user_id","issued_on");--> statement-breakpoint
CREATE INDEX "certificates_id_number_idx" ON "certificates" USING btree ("id_number_hmac");--> statement-breakpoint
CREATE INDEX "certificates_issuer_idx" ON "certificates" USING btree ("issuer_org_id");--> statement-breakpoint
CREATE INDEX "certificates_conferral_idx" ON "certificates" USING btree ("conferral_id");--> statement-breakpoint
CREATE INDEX "certificates_replaced_by_idx" ON "certificates" USING btree ("replaced_by");--> statement-breakpoint
CREATE INDEX "certificates_replaces_idx" ON "certificates" USING btree ("replaces");--> statement-breakpoint
CREATE INDEX "certificates_revoked_by_idx" ON "certificates" USING btree ("revoked_by");--> statement-breakpoint
CREATE INDEX "certificates_photo_idx" ON "certificates" USING btree ("photo_attachment_id");