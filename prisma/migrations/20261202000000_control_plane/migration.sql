-- The control plane: what must be known about a tenant before any of its data can be reached,
-- wherever that data lives. Until now three lookups read tenant tables across tenants through
-- SECURITY DEFINER functions (a user's workspaces, an API key's tenant, a custom domain's tenant),
-- which only works while every tenant's rows are in this one database. They now read index
-- tables in the `directory` schema, kept by triggers in the same transaction as the tenant-side
-- write, so they can later be kept for tenants whose rows live elsewhere.

-- Where a tenant's data lives. Every tenant is in the shared database for now.
ALTER TABLE tenants ADD COLUMN placement text NOT NULL DEFAULT 'shared' CHECK (placement IN ('shared'));

CREATE SCHEMA directory;
REVOKE ALL ON SCHEMA directory FROM PUBLIC;
-- The app may call the lookups below; it is granted none of the tables.
GRANT USAGE ON SCHEMA directory TO tenantry_app;

CREATE TABLE directory.memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role      membership_role NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX directory_memberships_user_id_idx ON directory.memberships (user_id);

CREATE TABLE directory.api_keys (
  secret_hash bytea PRIMARY KEY,
  key_id      uuid NOT NULL UNIQUE,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL,
  role        membership_role NOT NULL,
  revoked     boolean NOT NULL
);
CREATE INDEX directory_api_keys_tenant_id_idx ON directory.api_keys (tenant_id);

CREATE TABLE directory.domains (
  hostname  text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  verified  boolean NOT NULL
);
CREATE INDEX directory_domains_tenant_id_idx ON directory.domains (tenant_id);

INSERT INTO directory.memberships (tenant_id, user_id, role) SELECT tenant_id, user_id, role FROM memberships;
INSERT INTO directory.api_keys (secret_hash, key_id, tenant_id, name, role, revoked) SELECT secret_hash, id, tenant_id, name, role, revoked_at IS NOT NULL FROM api_keys;
INSERT INTO directory.domains (hostname, tenant_id, verified) SELECT hostname, tenant_id, verified_at IS NOT NULL FROM domains;

-- The triggers run as the owner (SECURITY DEFINER) because the app role has no grant on the
-- index tables; they read nothing but the row being written.
CREATE FUNCTION directory.index_membership() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.memberships WHERE tenant_id = OLD.tenant_id AND user_id = OLD.user_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.memberships (tenant_id, user_id, role) VALUES (NEW.tenant_id, NEW.user_id, NEW.role);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_directory AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION directory.index_membership();

CREATE FUNCTION directory.index_api_key() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.api_keys WHERE key_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.api_keys (secret_hash, key_id, tenant_id, name, role, revoked)
    VALUES (NEW.secret_hash, NEW.id, NEW.tenant_id, NEW.name, NEW.role, NEW.revoked_at IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER api_keys_directory AFTER INSERT OR UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION directory.index_api_key();

CREATE FUNCTION directory.index_domain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.domains WHERE hostname = OLD.hostname;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.domains (hostname, tenant_id, verified) VALUES (NEW.hostname, NEW.tenant_id, NEW.verified_at IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER domains_directory AFTER INSERT OR UPDATE OR DELETE ON domains
  FOR EACH ROW EXECUTE FUNCTION directory.index_domain();

-- Lookups made before a tenant is bound, each answering for one key.
CREATE FUNCTION directory.workspaces_of(p_user_id uuid)
  RETURNS TABLE (tenant_id uuid, slug text, name text, status tenant_status, role membership_role)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.id, t.slug, t.name, t.status, m.role
    FROM directory.memberships m JOIN tenants t ON t.id = m.tenant_id
    WHERE m.user_id = p_user_id
    ORDER BY t.name, t.slug
  $$;

CREATE FUNCTION directory.api_key(p_secret_hash bytea)
  RETURNS TABLE (key_id uuid, tenant_id uuid, name text, role membership_role, revoked boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT key_id, tenant_id, name, role, revoked FROM directory.api_keys WHERE secret_hash = p_secret_hash $$;

CREATE FUNCTION directory.domain_tenant(p_hostname text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tenant_id FROM directory.domains WHERE hostname = p_hostname AND verified $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA directory FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.workspaces_of(uuid), directory.api_key(bytea), directory.domain_tenant(text) TO tenantry_app;

DROP FUNCTION user_tenants(uuid);
DROP FUNCTION api_key_lookup(bytea);
DROP FUNCTION tenant_for_domain(text);

-- Provisioning (sign-up, the operator's tools) is done by the directory in one transaction: the
-- tenant row through this function (the app may not write the tenant directory itself) and the
-- first user here, then the owner's membership and its events with the new tenant bound, under
-- row-level security like every other tenant write.
DROP FUNCTION provision_tenant(text, text, uuid, text, text, text);
CREATE FUNCTION directory.create_tenant(p_slug text, p_name text) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ INSERT INTO tenants (slug, name) VALUES (p_slug, p_name) RETURNING id $$;
REVOKE ALL ON FUNCTION directory.create_tenant(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.create_tenant(text, text) TO tenantry_app;

-- Events name their subject (the record they are about) and their actor in columns of their
-- own: record history reads an index instead of scanning JSON, and the coming audit log can
-- filter by who acted.
ALTER TABLE events
  ADD COLUMN subject_id uuid,
  ADD COLUMN actor_kind text NOT NULL DEFAULT 'system' CHECK (actor_kind IN ('user', 'api_key', 'operator', 'system')),
  ADD COLUMN actor_id text CHECK (length(actor_id) <= 100),
  ADD COLUMN actor_name text CHECK (length(actor_name) <= 200);
UPDATE events SET subject_id = (payload->>'id')::uuid
  WHERE payload->>'id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
UPDATE events e SET actor_kind = 'user', actor_id = u.id::text, actor_name = u.name
  FROM users u WHERE u.id::text = e.payload->>'actor';
UPDATE events SET payload = payload - 'actor' WHERE payload ? 'actor';
CREATE INDEX events_tenant_id_subject_id_id_idx ON events (tenant_id, subject_id, id);
