-- An owner changes the workspace's address (its slug). The old address keeps leading to the
-- workspace for a grace period — links in mail, bookmarks, API clients — and nobody else can take
-- it meanwhile; after that it is free again. One row per former address.
CREATE TABLE directory.former_slugs (
  slug           text PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  redirect_until timestamptz(3) NOT NULL
);
CREATE INDEX directory_former_slugs_tenant_idx ON directory.former_slugs (tenant_id);

-- The workspace an address used to name, while its grace period lasts.
CREATE FUNCTION directory.former_slug_tenant(p_slug text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tenant_id FROM directory.former_slugs WHERE slug = p_slug AND redirect_until > now() $$;
REVOKE ALL ON FUNCTION directory.former_slug_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.former_slug_tenant(text) TO tenantry_app;

-- An address is in use by a workspace, by a deleted one's tombstone, or by a workspace that left
-- it less than its grace period ago.
CREATE OR REPLACE FUNCTION directory.slug_in_use(p_slug text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT EXISTS (SELECT 1 FROM tenants WHERE slug = p_slug)
            OR EXISTS (SELECT 1 FROM directory.tombstones WHERE slug = p_slug)
            OR directory.former_slug_tenant(p_slug) IS NOT NULL $$;

-- Creating a workspace at an address another one left recently fails as a taken one does.
CREATE OR REPLACE FUNCTION directory.create_tenant(p_slug text, p_name text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  created uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM directory.tombstones WHERE slug = p_slug) THEN
    RAISE unique_violation USING MESSAGE = format('the address %s belonged to a deleted workspace', p_slug), CONSTRAINT = 'tenants_slug_key';
  END IF;
  IF directory.former_slug_tenant(p_slug) IS NOT NULL THEN
    RAISE unique_violation USING MESSAGE = format('the address %s was left recently by another workspace', p_slug), CONSTRAINT = 'tenants_slug_key';
  END IF;
  INSERT INTO tenants (slug, name) VALUES (p_slug, p_name) RETURNING id INTO created;
  RETURN created;
END $$;

-- Moves the bound tenant, while it is active, to a new address; the old one redirects until
-- `p_redirect_until`. Taking back one of its own former addresses is allowed. Answers the old
-- address, or null if the workspace is not active; a taken address is a unique violation on
-- tenants_slug_key, as at sign-up, and a malformed one fails tenants' own CHECK on slug. Every
-- app instance forgets its directory cache at commit.
CREATE FUNCTION directory.change_own_slug(p_slug text, p_redirect_until timestamptz) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  tenant uuid := current_tenant_id();
  old_slug text;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is bound' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT slug INTO old_slug FROM tenants WHERE id = tenant AND status = 'active' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF old_slug = p_slug THEN
    RETURN old_slug;
  END IF;
  IF EXISTS (SELECT 1 FROM directory.tombstones WHERE slug = p_slug)
     OR EXISTS (SELECT 1 FROM directory.former_slugs WHERE slug = p_slug AND tenant_id <> tenant AND redirect_until > now()) THEN
    RAISE unique_violation USING MESSAGE = format('the address %s is taken', p_slug), CONSTRAINT = 'tenants_slug_key';
  END IF;
  DELETE FROM directory.former_slugs WHERE slug = p_slug;
  UPDATE tenants SET slug = p_slug WHERE id = tenant;
  INSERT INTO directory.former_slugs (slug, tenant_id, redirect_until) VALUES (old_slug, tenant, p_redirect_until)
    ON CONFLICT (slug) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, redirect_until = EXCLUDED.redirect_until;
  PERFORM pg_notify('tenantry_directory', tenant::text);
  RETURN old_slug;
END $$;
REVOKE ALL ON FUNCTION directory.change_own_slug(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.change_own_slug(text, timestamptz) TO tenantry_app;
