-- Tenant lifecycle: a workspace's status changes only through one function, which records who
-- kind of actor changed it and tells every app instance at commit (NOTIFY), so a suspension or a
-- closing takes effect everywhere at once instead of when a cache entry expires.

-- Who set the current status: an owner may resume a suspension an owner made, not one an operator made.
ALTER TABLE tenants
  ADD COLUMN status_changed_at timestamptz(3) NOT NULL DEFAULT now(),
  ADD COLUMN status_changed_by text NOT NULL DEFAULT 'system' CHECK (status_changed_by IN ('user', 'operator', 'system'));

-- Moves the tenant from one of `p_from` to `p_to`; false (and nothing changed) if it was in none
-- of them. The transition rules themselves live in the app (lib/directory/lifecycle.ts); this
-- makes each one atomic against a concurrent one.
CREATE FUNCTION directory.change_tenant_status(p_tenant_id uuid, p_from tenant_status[], p_to tenant_status, p_by text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  UPDATE tenants SET status = p_to, status_changed_at = now(), status_changed_by = p_by
  WHERE id = p_tenant_id AND status = ANY (p_from);
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM pg_notify('tenantry_directory', p_tenant_id::text);
  RETURN true;
END $$;
REVOKE ALL ON FUNCTION directory.change_tenant_status(uuid, tenant_status[], tenant_status, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.change_tenant_status(uuid, tenant_status[], tenant_status, text) TO tenantry_app;
