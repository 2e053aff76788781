-- Loyalty entries are append-only, so a balance is always the sum of what was recorded. Erasure (UU PDP)
-- is the one exception: it may cut an entry's profile link and blank its note, and change nothing else.
CREATE FUNCTION loyalty_entries_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.profile_id IS NULL AND NEW.note IS NULL
     AND NEW.id = OLD.id AND NEW.order_id IS NOT DISTINCT FROM OLD.order_id AND NEW.points = OLD.points
     AND NEW.kind = OLD.kind AND NEW.actor = OLD.actor AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'loyalty_entries is append-only (% rejected); only erasure may cut the profile link and blank the note', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER loyalty_entries_append_only BEFORE UPDATE OR DELETE ON loyalty_entries
  FOR EACH ROW EXECUTE FUNCTION loyalty_entries_reject_change();
--> statement-breakpoint
CREATE TRIGGER loyalty_entries_no_truncate BEFORE TRUNCATE ON loyalty_entries
  FOR EACH STATEMENT EXECUTE FUNCTION loyalty_entries_reject_change();
--> statement-breakpoint
-- A reversal cancels exactly the points its order earned, under the same profile link.
CREATE FUNCTION loyalty_entries_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM loyalty_entries e
     WHERE e.order_id = NEW.order_id AND e.kind = 'earned' AND e.points = -NEW.points
       AND e.profile_id IS NOT DISTINCT FROM NEW.profile_id
  ) THEN
    RAISE EXCEPTION 'a reversed loyalty entry must cancel the points order % earned, under the same profile', NEW.order_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER loyalty_entries_reversal_matches_earning BEFORE INSERT ON loyalty_entries
  FOR EACH ROW WHEN (NEW.kind = 'reversed') EXECUTE FUNCTION loyalty_entries_check_reversal();
