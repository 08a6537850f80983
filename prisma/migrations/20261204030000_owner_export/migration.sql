-- An owner's export is read by the app's role (row-level security keeps it to the tenant) and
-- names the schema version it was written from, as the operators' export does: the last migration
-- applied, answered by a function (the migration history itself stays the owner's).
CREATE FUNCTION schema_version() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT coalesce(max(migration_name), 'none') FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL $$;
REVOKE ALL ON FUNCTION schema_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION schema_version() TO tenantry_app;

-- The accounts an export names are written whole but for their password hash: the app may read
-- when they were made (it reads their id, email and name already).
GRANT SELECT (created_at) ON users TO tenantry_app;
