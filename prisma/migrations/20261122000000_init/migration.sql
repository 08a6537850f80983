-- Tenantry's base schema. Hand-written because row-level security, roles and the tenant_id
-- default are beyond what Prisma's schema language generates.

-- The role the application connects as (through a LOGIN role that is granted this one).
-- NOLOGIN, NOSUPERUSER, NOBYPASSRLS and never an owner: row-level security always applies to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_app') THEN
    CREATE ROLE tenantry_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

-- The tenant the current transaction acts for, set with set_config('app.tenant_id', id, true).
-- A setting that ended reads as '' on a pooled connection (not NULL), hence the NULLIF; no
-- setting at all gives NULL, which matches no row: policies fail closed.
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TYPE tenant_status AS ENUM ('active', 'suspended', 'inactive');
CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member', 'viewer');
CREATE TYPE project_status AS ENUM ('planned', 'active', 'on_hold', 'completed', 'archived');

CREATE TABLE tenants (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  status     tenant_status NOT NULL DEFAULT 'active',
  plan       text NOT NULL DEFAULT 'free',
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL UNIQUE CHECK (email = lower(email)),
  name          text NOT NULL,
  password_hash text,
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  tenant_id  uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       membership_role NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE TABLE projects (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  status     project_status NOT NULL DEFAULT 'active',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);
CREATE INDEX projects_tenant_id_status_idx ON projects (tenant_id, status);

CREATE TABLE employees (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  email      text NOT NULL CHECK (email = lower(email)),
  title      text NOT NULL CHECK (length(title) <= 120),
  department text NOT NULL CHECK (length(department) <= 80),
  project_id uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email),
  -- The composite key makes a cross-tenant project reference impossible, not merely invisible.
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE SET NULL (project_id)
);
CREATE INDEX employees_tenant_id_name_id_idx ON employees (tenant_id, name, id);
CREATE INDEX employees_tenant_id_project_id_idx ON employees (tenant_id, project_id);

CREATE TABLE events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id  uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  type       text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  payload    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX events_tenant_id_id_idx ON events (tenant_id, id);

-- Row-level security for a tenant-scoped table: ENABLE, FORCE (so it binds the owner too) and one
-- policy for reads and writes on the transaction's tenant. The scalar sub-select lets the planner
-- evaluate the tenant once and use the tenant_id index. Every later migration that adds a
-- tenant-scoped table calls this; the app role may not.
CREATE FUNCTION enable_tenant_isolation(p_table regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT current_tenant_id())) '
    'WITH CHECK (tenant_id = (SELECT current_tenant_id()))', p_table);
END $$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;

SELECT enable_tenant_isolation(t) FROM unnest(ARRAY['memberships', 'projects', 'employees', 'events']::regclass[]) AS t;

-- The app role reads the tenant directory (to resolve hosts) and works on tenant data under RLS.
GRANT USAGE ON SCHEMA public TO tenantry_app;
GRANT SELECT ON tenants TO tenantry_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, projects, employees TO tenantry_app;
-- The event log is append-only for the app.
GRANT SELECT, INSERT ON events TO tenantry_app;
GRANT EXECUTE ON FUNCTION current_tenant_id() TO tenantry_app;
