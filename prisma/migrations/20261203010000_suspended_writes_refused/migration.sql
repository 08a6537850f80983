-- A workspace that is not active refuses writes in the database as well as in the app: a write
-- through an instance whose directory cache still says "active", or through a code path that
-- forgot the pipeline's guard, is refused here with a SQLSTATE of its own (TN403 suspended,
-- TN410 closed), which the app's database layer turns into the typed error.
--
-- A statement trigger, not a policy: a policy would make an UPDATE or DELETE silently match no
-- row, where this names the reason; and it runs once per statement (one primary-key lookup), not
-- per row. With no tenant bound (the owner's maintenance, cascades from deleting a tenant) there
-- is nothing to check. The event log is left out on purpose: sign-ins, failed sign-ins and
-- lifecycle transitions of a suspended workspace are still recorded.
CREATE FUNCTION refuse_write_unless_active() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
DECLARE
  state tenant_status;
BEGIN
  SELECT status INTO state FROM tenants WHERE id = current_tenant_id();
  IF state = 'suspended' THEN
    RAISE EXCEPTION 'tenant_suspended: this workspace is suspended; it can be read, not changed' USING ERRCODE = 'TN403';
  ELSIF state IS DISTINCT FROM 'active' AND state IS NOT NULL THEN
    RAISE EXCEPTION 'tenant_inactive: this workspace has been closed' USING ERRCODE = 'TN410';
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION refuse_write_unless_active() FROM PUBLIC;

CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON projects FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON employees FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON invitations FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON domains FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active();
