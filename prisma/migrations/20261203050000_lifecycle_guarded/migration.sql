-- The app may change its own workspace's status only, and only as an owner may: the transitions
-- and the rule that an operator's suspension is lifted by an operator are checked here, under a
-- row lock, not only in the app. The any-tenant function is the operators' (the owner's
-- connection); the app role can no longer call it.
REVOKE EXECUTE ON FUNCTION directory.change_tenant_status(uuid, tenant_status[], tenant_status, text) FROM tenantry_app;

-- Moves the bound tenant from one of `p_from` to `p_to`, as a user. Answers 'ok', 'operator' (an
-- operator's suspension: not the owner's to lift) or the current status (not one `p_from` allows).
CREATE FUNCTION directory.change_own_tenant_status(p_from tenant_status[], p_to tenant_status) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  tenant uuid := current_tenant_id();
  current_row record;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is bound' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- An owner suspends, resumes or closes; nothing leaves a closed workspace from the app.
  IF NOT ((p_from = ARRAY['active']::tenant_status[] AND p_to = 'suspended')
       OR (p_from = ARRAY['suspended']::tenant_status[] AND p_to = 'active')
       OR (p_from = ARRAY['active', 'suspended']::tenant_status[] AND p_to = 'inactive')) THEN
    RAISE EXCEPTION 'not a transition an owner may make' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT status, status_changed_by INTO current_row FROM tenants WHERE id = tenant FOR UPDATE;
  IF NOT (current_row.status = ANY (p_from)) THEN
    RETURN current_row.status::text;
  END IF;
  IF p_to = 'active' AND current_row.status_changed_by = 'operator' THEN
    RETURN 'operator';
  END IF;
  UPDATE tenants SET status = p_to, status_changed_at = now(), status_changed_by = 'user' WHERE id = tenant;
  PERFORM pg_notify('tenantry_directory', tenant::text);
  RETURN 'ok';
END $$;
REVOKE ALL ON FUNCTION directory.change_own_tenant_status(tenant_status[], tenant_status) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.change_own_tenant_status(tenant_status[], tenant_status) TO tenantry_app;
