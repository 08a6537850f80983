-- An owner deletes a workspace from its settings: it closes at once (410 to everything) and is due
-- for erasure after a grace period, when an operator's `tenantry tenants delete --due` exports and
-- erases it (the app's role can erase nothing: only the owner's can, and proves it did).
ALTER TABLE tenants ADD COLUMN deletion_due_at timestamptz(3);
CREATE INDEX tenants_deletion_due_at_idx ON tenants (deletion_due_at) WHERE deletion_due_at IS NOT NULL;

-- Closes the bound tenant and schedules its erasure, as its owner. Answers 'ok', or the current
-- status when it is not one an owner may close from.
CREATE FUNCTION directory.schedule_own_tenant_deletion(p_due timestamptz) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  tenant uuid := current_tenant_id();
  current_status tenant_status;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is bound' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT status INTO current_status FROM tenants WHERE id = tenant FOR UPDATE;
  IF current_status NOT IN ('active', 'suspended') THEN
    RETURN current_status::text;
  END IF;
  UPDATE tenants SET status = 'inactive', status_changed_at = now(), status_changed_by = 'user', deletion_due_at = greatest(p_due, now())
  WHERE id = tenant;
  PERFORM pg_notify('tenantry_directory', tenant::text);
  RETURN 'ok';
END $$;
REVOKE ALL ON FUNCTION directory.schedule_own_tenant_deletion(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.schedule_own_tenant_deletion(timestamptz) TO tenantry_app;
