-- A deleted workspace leaves a tombstone in the control plane: who it was, when and by whom it was
-- erased. Its address is not handed to a new workspace by accident (sign-up and the operator's
-- create refuse it; an operator may reuse it on purpose, and restoring the workspace lifts it).
CREATE TABLE directory.tombstones (
  id         uuid PRIMARY KEY,  -- the deleted tenant's id (not "tenant_id": the erasure scan looks for that, and this row is meant to stay)
  slug       text NOT NULL,
  name       text NOT NULL,
  deleted_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_by text NOT NULL CHECK (length(deleted_by) BETWEEN 1 AND 200)
);
CREATE INDEX directory_tombstones_slug_idx ON directory.tombstones (slug);

-- Whether an address belongs to a workspace, or did to a deleted one.
CREATE FUNCTION directory.slug_in_use(p_slug text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT EXISTS (SELECT 1 FROM tenants WHERE slug = p_slug) OR EXISTS (SELECT 1 FROM directory.tombstones WHERE slug = p_slug) $$;
REVOKE ALL ON FUNCTION directory.slug_in_use(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.slug_in_use(text) TO tenantry_app;

-- Creating a workspace at a tombstoned address fails as a taken one does (the same unique
-- violation, so every caller already answers "That address is taken.").
CREATE OR REPLACE FUNCTION directory.create_tenant(p_slug text, p_name text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  created uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM directory.tombstones WHERE slug = p_slug) THEN
    RAISE unique_violation USING MESSAGE = format('the address %s belonged to a deleted workspace', p_slug), CONSTRAINT = 'tenants_slug_key';
  END IF;
  INSERT INTO tenants (slug, name) VALUES (p_slug, p_name) RETURNING id INTO created;
  RETURN created;
END $$;
