-- A workspace always has an owner: demoting or removing the last one is refused by the database,
-- whichever code path tries, with SQLSTATE TN409 (the app's `last_owner`). Two owners demoting
-- each other at the same moment cannot both pass: the check takes a per-workspace lock first, and
-- in READ COMMITTED the count after the lock sees the other's committed change. A closed workspace
-- being erased (or its tenant row already gone) and a person's account being erased by an operator
-- (their user row already gone) are not refused.
CREATE FUNCTION keep_an_owner() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.role <> 'owner' OR (TG_OP = 'UPDATE' AND NEW.role = 'owner') THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND status <> 'inactive') OR NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('tenantry.owners:' || OLD.tenant_id::text, 0));
  IF NOT EXISTS (SELECT 1 FROM memberships WHERE tenant_id = OLD.tenant_id AND role = 'owner') THEN
    RAISE EXCEPTION 'last_owner: a workspace needs at least one owner' USING ERRCODE = 'TN409';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_keep_an_owner AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION keep_an_owner();
