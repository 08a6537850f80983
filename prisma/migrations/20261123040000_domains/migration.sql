-- Custom domains: a hostname that, once verified, serves one tenant's workspace. A tenant's own
-- domains are tenant data (row-level security, like everything with a tenant_id); the proxy's
-- lookup, made before any tenant is bound, goes through one function that answers for one
-- verified hostname only.
CREATE TABLE domains (
  hostname    text PRIMARY KEY CHECK (hostname = lower(hostname) AND hostname ~ '^[a-z0-9.-]{1,253}$'),
  tenant_id   uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  verified_at timestamptz(3),
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX domains_tenant_id_idx ON domains (tenant_id);

SELECT enable_tenant_isolation('domains');
GRANT SELECT ON domains TO tenantry_app;

CREATE FUNCTION tenant_for_domain(p_hostname text)
  RETURNS TABLE (id uuid, slug text, name text, status tenant_status, plan text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id, t.slug, t.name, t.status, t.plan FROM domains d JOIN tenants t ON t.id = d.tenant_id
    WHERE d.hostname = p_hostname AND d.verified_at IS NOT NULL
  $$;
REVOKE ALL ON FUNCTION tenant_for_domain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_for_domain(text) TO tenantry_app;
