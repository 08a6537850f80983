-- Per-tenant API keys for the JSON API. Only a SHA-256 of the key is stored (a key is 32 random
-- bytes, so a slow hash adds nothing); the key itself is shown once, when it is created.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  prefix      text NOT NULL CHECK (length(prefix) BETWEEN 8 AND 20),
  secret_hash bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
  role        membership_role NOT NULL CHECK (role <> 'owner'),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  revoked_at  timestamptz(3)
);
CREATE INDEX api_keys_tenant_id_created_at_idx ON api_keys (tenant_id, created_at);

SELECT enable_tenant_isolation('api_keys');

GRANT SELECT, INSERT ON api_keys TO tenantry_app;
GRANT UPDATE (revoked_at) ON api_keys TO tenantry_app;

-- Which tenant a presented key belongs to. A key arrives before any tenant is bound, and the
-- answer must tell "another tenant's key" (403) from "no such key" (401), so this reads across
-- tenants as the owner, for one hash only.
CREATE FUNCTION api_key_lookup(p_secret_hash bytea)
  RETURNS TABLE (key_id uuid, tenant_id uuid, role membership_role, revoked boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT id, tenant_id, role, revoked_at IS NOT NULL FROM api_keys WHERE secret_hash = p_secret_hash $$;
REVOKE ALL ON FUNCTION api_key_lookup(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_lookup(bytea) TO tenantry_app;
