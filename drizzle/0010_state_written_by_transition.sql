-- Only the transition (src/lib/server/applications/transition-application.ts) changes an
-- application's state. Its UPDATE names the row and the version it writes in a transaction-local
-- setting, zc.transition = '<id>:<version>', computed in the same statement before this trigger
-- fires; any other change of state, and any insert of a row that is not a draft, is refused.
CREATE OR REPLACE FUNCTION applications_state_by_transition() RETURNS trigger AS $$
BEGIN
	IF current_setting('zc.transition', true) IS DISTINCT FROM NEW.id::text || ':' || NEW.version THEN
		RAISE EXCEPTION 'only the transition changes an application''s state (% to %)',
			CASE WHEN TG_OP = 'INSERT' THEN 'insert' ELSE OLD.state END, NEW.state
			USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER applications_state_update BEFORE UPDATE OF state ON applications
	FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
	EXECUTE FUNCTION applications_state_by_transition();
--> statement-breakpoint
CREATE TRIGGER applications_state_insert BEFORE INSERT ON applications
	FOR EACH ROW WHEN (NEW.state <> 'draft')
	EXECUTE FUNCTION applications_state_by_transition();
