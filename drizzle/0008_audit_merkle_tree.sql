CREATE TABLE "audit_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_tree_heads" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"frontier" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "uid" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "leaf_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "mac" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_uid_idx" ON "audit_log" USING btree ("uid");--> statement-breakpoint
CREATE INDEX "audit_log_unsequenced_idx" ON "audit_log" USING btree ("id") WHERE seq is null;--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "hash";--> statement-breakpoint
-- The only change the audit log allows: the sequencer placing an entry in the tree, once
-- (seq from null to a position; the leaf hash and MAC filled in for entries written before
-- the tree existed, whose rows had none). Everything else about an entry stays as written.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
		AND (to_jsonb(NEW) - 'seq' - 'leaf_hash' - 'mac') = (to_jsonb(OLD) - 'seq' - 'leaf_hash' - 'mac')
		AND (OLD.leaf_hash IS NULL OR (NEW.leaf_hash = OLD.leaf_hash AND NEW.mac = OLD.mac))
	THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_tree_heads_refuse_change() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION 'audit_tree_heads is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_tree_heads_no_update BEFORE UPDATE OR DELETE ON audit_tree_heads
	FOR EACH ROW EXECUTE FUNCTION audit_tree_heads_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_tree_heads_no_truncate BEFORE TRUNCATE ON audit_tree_heads
	FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_heads_refuse_change();
