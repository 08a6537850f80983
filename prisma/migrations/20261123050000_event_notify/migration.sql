-- Live updates: every committed event wakes the app instances. NOTIFY is delivered at COMMIT and
-- never for a rolled-back transaction, so a notification means the write happened. The payload
-- only says where to look ("<tenant id>:<event id>"); the event itself is read from the log,
-- under row-level security, by each instance.
CREATE FUNCTION notify_event() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify('tenantry_events', NEW.tenant_id::text || ':' || NEW.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION notify_event();
