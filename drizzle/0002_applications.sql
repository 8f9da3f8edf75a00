CREATE TABLE "application_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"opinion" text,
	"return_sections" jsonb,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seal" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text,
	"applicant_id" uuid NOT NULL,
	"employer_id" uuid,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"series" text NOT NULL,
	"qualification" text,
	"applicant_name" text NOT NULL,
	"tier" text,
	"state" text DEFAULT 'draft' NOT NULL,
	"assignee_org_id" uuid,
	"content" jsonb NOT NULL,
	"content_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"review_started" boolean DEFAULT false NOT NULL,
	"notice_started_on" date,
	"publicity_started_on" date,
	"conferral_id" uuid,
	"submitted_at" timestamp with time zone,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"application_id" uuid,
	"purpose" text NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL,
	"members_present" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conferrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text NOT NULL,
	"conferred_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"organisation_id" uuid,
	"application_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "paper_mailings" (
	"application_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"mailed_on" date NOT NULL,
	"received_on" date,
	"received_by" uuid,
	CONSTRAINT "paper_mailings_application_id_pk" PRIMARY KEY("application_id")
);
--> statement-breakpoint
CREATE TABLE "seal_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_actor_org_id_organisations_id_fk" FOREIGN KEY ("actor_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_employer_id_organisations_id_fk" FOREIGN KEY ("employer_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_assignee_org_id_organisations_id_fk" FOREIGN KEY ("assignee_org_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_sessions" ADD CONSTRAINT "committee_sessions_committee_id_organisations_id_fk" FOREIGN KEY ("committee_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferrals" ADD CONSTRAINT "conferrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_mailings" ADD CONSTRAINT "paper_mailings_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_mailings" ADD CONSTRAINT "paper_mailings_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seal_keys" ADD CONSTRAINT "seal_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_steps_seq_uq" ON "application_steps" USING btree ("application_id","seq");--> statement-breakpoint
CREATE INDEX "application_steps_actor_user_idx" ON "application_steps" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "application_steps_actor_org_idx" ON "application_steps" USING btree ("actor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_uq" ON "applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_id","updated_at");--> statement-breakpoint
CREATE INDEX "applications_employer_idx" ON "applications" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "applications_queue_idx" ON "applications" USING btree ("assignee_org_id","state","state_changed_at") WHERE "applications"."assignee_org_id" is not null;--> statement-breakpoint
CREATE INDEX "applications_conferral_idx" ON "applications" USING btree ("conferral_id");--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "attachments_application_idx" ON "attachments" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "committee_sessions_committee_idx" ON "committee_sessions" USING btree ("committee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conferrals_document_number_uq" ON "conferrals" USING btree ("document_number");--> statement-breakpoint
CREATE INDEX "conferrals_created_by_idx" ON "conferrals" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_application_idx" ON "notifications" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "paper_mailings_received_by_idx" ON "paper_mailings" USING btree ("received_by");--> statement-breakpoint
CREATE INDEX "seal_keys_org_idx" ON "seal_keys" USING btree ("organisation_id");