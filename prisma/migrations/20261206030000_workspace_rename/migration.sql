-- An owner renames their workspace from Settings. The app holds no grant on tenants, so it goes
-- through a function that acts on the bound tenant alone, only while it is active, and tells
-- every app instance at commit (their directory caches hold the name). Answers the old name, or
-- null if the workspace is not active.
CREATE FUNCTION directory.rename_own_tenant(p_name text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  tenant uuid := current_tenant_id();
  old_name text;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is bound' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF length(btrim(p_name)) NOT BETWEEN 1 AND 120 THEN
    RAISE EXCEPTION 'a workspace name is 1 to 120 characters' USING ERRCODE = 'check_violation';
  END IF;
  SELECT name INTO old_name FROM tenants WHERE id = tenant AND status = 'active' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  UPDATE tenants SET name = btrim(p_name) WHERE id = tenant;
  PERFORM pg_notify('tenantry_directory', tenant::text);
  RETURN old_name;
END $$;
REVOKE ALL ON FUNCTION directory.rename_own_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.rename_own_tenant(text) TO tenantry_app;
