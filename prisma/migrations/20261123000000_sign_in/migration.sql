-- Sign-in: the app reads identities, and sign-in failures are counted in Postgres so a limit holds
-- across app instances.

GRANT SELECT (id, email, name, password_hash) ON users TO tenantry_app;

CREATE TABLE sign_in_failures (
  key          text PRIMARY KEY CHECK (length(key) <= 400),  -- 'account:<email>' or 'address:<ip>'
  failures     integer NOT NULL CHECK (failures > 0),
  window_start timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_failures TO tenantry_app;

-- The workspaces a user belongs to, across tenants, for choosing one after sign-in. Row-level
-- security keeps memberships per tenant, so this reads them as the owner (SECURITY DEFINER,
-- which is why the owner role needs BYPASSRLS) and answers for one user only.
CREATE FUNCTION user_tenants(p_user_id uuid)
  RETURNS TABLE (tenant_id uuid, slug text, name text, status tenant_status, role membership_role)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id, t.slug, t.name, t.status, m.role
    FROM memberships m JOIN tenants t ON t.id = m.tenant_id
    WHERE m.user_id = p_user_id
    ORDER BY t.name
  $$;
REVOKE ALL ON FUNCTION user_tenants(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_tenants(uuid) TO tenantry_app;
