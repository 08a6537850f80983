-- Audited support access (break-glass). An operator is given time-boxed access to one tenant
-- through a database role made for that grant alone: NOLOGIN, so nobody connects as it; only the
-- operators' (owner's) connection may assume it, with SET ROLE. No setting turns it on, and the
-- app role is no member of it. Every grant role is a member of `tenantry_support` (read) and, for a
-- write grant, of `tenantry_support_write`; a restrictive policy on every tenant table confines
-- them to the tenant their grant names, while the grant is neither revoked nor expired. The
-- tenant_isolation policy still applies too: the session binds the same tenant as the app does.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_support') THEN
    CREATE ROLE tenantry_support NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_support_write') THEN
    CREATE ROLE tenantry_support_write NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public, directory TO tenantry_support, tenantry_support_write;
-- What the tenant tables' triggers read as the session's role (status, plan limits).
GRANT SELECT ON tenants, plans TO tenantry_support;
GRANT SELECT ON memberships, projects, employees, events, api_keys, invitations, domains TO tenantry_support;
GRANT INSERT, UPDATE, DELETE ON memberships, projects, employees, api_keys, invitations, domains TO tenantry_support_write;
-- The event log stays append-only, for support as for the app.
GRANT INSERT ON events TO tenantry_support_write;

CREATE TABLE directory.support_grants (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  role_name  text NOT NULL UNIQUE,
  operator   text NOT NULL,
  reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
  can_write  boolean NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  CHECK (expires_at > granted_at)
);
CREATE INDEX support_grants_tenant_id_idx ON directory.support_grants (tenant_id);

-- The tenant a grant role may reach now: none once the grant is revoked or has expired, so
-- access ends by itself, mid-session too (each statement asks again).
CREATE FUNCTION directory.support_grant_tenant(p_role text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tenant_id FROM directory.support_grants WHERE role_name = p_role AND revoked_at IS NULL AND expires_at > now() $$;
REVOKE ALL ON FUNCTION directory.support_grant_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.support_grant_tenant(text) TO tenantry_support;

-- The support access active on a tenant, for the banner its admins see (null when none).
CREATE FUNCTION directory.support_access(p_tenant uuid) RETURNS json
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT json_build_object('operator', operator, 'reason', reason, 'write', can_write, 'expiresAt', expires_at)
    FROM directory.support_grants
    WHERE tenant_id = p_tenant AND revoked_at IS NULL AND expires_at > now()
    ORDER BY expires_at DESC LIMIT 1
  $$;
REVOKE ALL ON FUNCTION directory.support_access(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.support_access(uuid) TO tenantry_app;

-- Confines support roles to their grant's tenant on one tenant table.
CREATE FUNCTION confine_support_access(p_table regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format(
    'CREATE POLICY support_grant ON %s AS RESTRICTIVE TO tenantry_support '
    'USING (tenant_id = (SELECT directory.support_grant_tenant(current_user::text))) '
    'WITH CHECK (tenant_id = (SELECT directory.support_grant_tenant(current_user::text)))', p_table);
END $$;
REVOKE ALL ON FUNCTION confine_support_access(regclass) FROM PUBLIC;

SELECT confine_support_access(t) FROM unnest(ARRAY['memberships', 'projects', 'employees', 'events', 'api_keys', 'invitations', 'domains']::regclass[]) AS t;

-- A tenant table made from now on is confined as it is isolated.
CREATE OR REPLACE FUNCTION enable_tenant_isolation(p_table regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT current_tenant_id())) '
    'WITH CHECK (tenant_id = (SELECT current_tenant_id()))', p_table);
  PERFORM confine_support_access(p_table);
END $$;
