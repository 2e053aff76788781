-- Marks the business day of `at` dirty in the KPI rollups. Until a first refresh stores the rollups'
-- time zone in analytics_rollup_settings there is nothing to keep current, so nothing is marked.
CREATE FUNCTION analytics_mark_dirty_day(at timestamptz) RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_dirty_days (business_day)
  SELECT (at AT TIME ZONE s.timezone)::date FROM analytics_rollup_settings s WHERE s.id = 1 AND at IS NOT NULL
  ON CONFLICT DO NOTHING
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_orders_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM analytics_mark_dirty_day(OLD.placed_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM analytics_mark_dirty_day(NEW.placed_at); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_orders_changed AFTER INSERT OR UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION analytics_orders_changed();
--> statement-breakpoint
CREATE FUNCTION analytics_order_lines_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM analytics_mark_dirty_day((SELECT placed_at FROM orders WHERE id = OLD.order_id)); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM analytics_mark_dirty_day((SELECT placed_at FROM orders WHERE id = NEW.order_id)); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_order_lines_changed AFTER INSERT OR UPDATE OR DELETE ON order_lines
  FOR EACH ROW EXECUTE FUNCTION analytics_order_lines_changed();
--> statement-breakpoint
CREATE FUNCTION analytics_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.author = 'customer' THEN PERFORM analytics_mark_dirty_day(OLD.sent_at); END IF;
  IF TG_OP <> 'DELETE' AND NEW.author = 'customer' THEN PERFORM analytics_mark_dirty_day(NEW.sent_at); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_messages_changed AFTER INSERT OR DELETE OR UPDATE OF author, sent_at, profile_id, channel ON messages
  FOR EACH ROW EXECUTE FUNCTION analytics_messages_changed();
