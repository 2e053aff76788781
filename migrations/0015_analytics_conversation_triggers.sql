-- Marks a conversation's inbox facts for recomputation once the rollups exist (a time zone is stored).
CREATE FUNCTION analytics_mark_dirty_conversation(id text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_dirty_conversations (conversation_id)
  SELECT id WHERE id IS NOT NULL AND EXISTS (SELECT 1 FROM analytics_rollup_settings WHERE analytics_rollup_settings.id = 1)
  ON CONFLICT DO NOTHING
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_conversation_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM analytics_mark_dirty_conversation(OLD.conversation_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM analytics_mark_dirty_conversation(NEW.conversation_id); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_conversation_messages_changed AFTER INSERT OR DELETE OR UPDATE OF author, sent_at, conversation_id ON messages
  FOR EACH ROW EXECUTE FUNCTION analytics_conversation_messages_changed();
--> statement-breakpoint
CREATE FUNCTION analytics_conversations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM analytics_mark_dirty_conversation(OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM analytics_mark_dirty_conversation(NEW.id); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_conversations_changed AFTER INSERT OR DELETE OR UPDATE OF owner, handoff_reason, status, channel ON conversations
  FOR EACH ROW EXECUTE FUNCTION analytics_conversations_changed();
