// The ways `tenantry check --self-test` breaks a scratch copy of the schema, and which checks must
// then fail. Every check has at least one break (the self-test refuses a check without one), so
// each check is proven able to fail. Each break is the smallest change that should be caught;
// others may fail with it. In the SQL, {login} is a login role made for the break
// (a member of tenantry_app, like the app's own) and {database} the scratch copy.

/** `appOptions`: startup options the app's connections are given, as a pooler's configuration can. */
export type Break = { name: string; sql: string; mustFail: string[]; appOptions?: string };

const TENANT = "tenant_id = (SELECT current_tenant_id())";
const notesTable = (extra: string) => `
  CREATE TABLE notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
    body text NOT NULL);
  ${extra}
  SELECT enable_tenant_isolation('notes');
  GRANT SELECT, INSERT ON notes TO tenantry_app;`;

export const BREAKS: Break[] = [
  { name: "a tenant table that does not confine support roles", sql: "DROP POLICY support_grant ON employees", mustFail: ["support-confined"] },
  { name: "the app made a member of the support role", sql: "GRANT tenantry_support TO {login}", mustFail: ["support-roles-confined"] },
  {
    name: "a support grant naming a role that can log in",
    sql: `WITH t AS (INSERT INTO tenants (slug, name) VALUES ('support-break', 'Support break') RETURNING id)
          INSERT INTO directory.support_grants (tenant_id, role_name, operator, reason, can_write, expires_at) SELECT id, '{login}', 'x', 'x', false, now() + interval '1 hour' FROM t`,
    mustFail: ["support-roles-confined"],
  },
  { name: "row-level security disabled", sql: "ALTER TABLE employees DISABLE ROW LEVEL SECURITY", mustFail: ["rls-enabled"] },
  { name: "FORCE ROW LEVEL SECURITY off", sql: "ALTER TABLE employees NO FORCE ROW LEVEL SECURITY", mustFail: ["rls-forced"] },
  {
    name: "a permissive USING (true) policy beside the tenant's",
    sql: "CREATE POLICY everyone ON employees USING (true) WITH CHECK (true)",
    mustFail: ["policy-tenant-predicate", "probe-no-tenant", "probe-other-tenant", "probe-new-tenant-empty"],
  },
  {
    name: "a policy with an OR on a bypass setting",
    sql: `DROP POLICY tenant_isolation ON employees;
          CREATE POLICY tenant_isolation ON employees USING (${TENANT} OR current_setting('app.bypass', true) = 'on') WITH CHECK (${TENANT})`,
    mustFail: ["policy-no-other-setting", "policy-no-alternative"],
  },
  {
    name: "a policy with an OR on a column",
    sql: `DROP POLICY tenant_isolation ON projects;
          CREATE POLICY tenant_isolation ON projects USING (${TENANT} OR name = 'shared') WITH CHECK (${TENANT})`,
    mustFail: ["policy-no-alternative"],
  },
  {
    name: "a policy without WITH CHECK",
    sql: `DROP POLICY tenant_isolation ON employees; CREATE POLICY tenant_isolation ON employees USING (${TENANT})`,
    mustFail: ["policy-with-check"],
  },
  { name: "a tenant table with no policy", sql: "DROP POLICY tenant_isolation ON projects", mustFail: ["policy-present", "policy-commands"] },
  {
    name: "a policy for reads only, though the app may write",
    sql: `DROP POLICY tenant_isolation ON projects; CREATE POLICY tenant_read ON projects FOR SELECT USING (${TENANT})`,
    mustFail: ["policy-commands"],
  },
  {
    name: "the tenant compared per row, not once per statement",
    sql: `DROP POLICY tenant_isolation ON employees;
          CREATE POLICY tenant_isolation ON employees USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())`,
    mustFail: ["policy-evaluated-once"],
  },
  { name: "current_tenant_id() made VOLATILE", sql: "ALTER FUNCTION current_tenant_id() VOLATILE", mustFail: ["tenant-function"] },
  { name: "a tenant table that accepts writes while suspended", sql: "ALTER TABLE projects DISABLE TRIGGER tenant_writable", mustFail: ["writes-refused-unless-active"] },
  {
    name: "a suspended-write trigger that never fires (WHEN false)",
    sql: `DROP TRIGGER tenant_writable ON projects;
          CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON projects FOR EACH STATEMENT WHEN (false) EXECUTE FUNCTION refuse_write_unless_active()`,
    mustFail: ["writes-refused-unless-active"],
  },
  { name: "tenant_id nullable", sql: "ALTER TABLE projects ALTER COLUMN tenant_id DROP NOT NULL", mustFail: ["tenant-id-not-null"] },
  { name: "tenant_id without its default", sql: "ALTER TABLE projects ALTER COLUMN tenant_id DROP DEFAULT", mustFail: ["tenant-id-default"] },
  {
    name: "a tenant table whose tenant_id is text",
    sql: `CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL DEFAULT current_tenant_id()::text, body text NOT NULL);
          CREATE INDEX ON notes (tenant_id)`,
    mustFail: ["tenant-id-uuid"],
  },
  { name: "tenant_id without its foreign key", sql: "ALTER TABLE projects DROP CONSTRAINT projects_tenant_id_fkey", mustFail: ["tenant-id-references-tenants"] },
  { name: "a tenant table with no index leading with tenant_id", sql: notesTable(""), mustFail: ["tenant-id-leads-index", "tenant-query-uses-index"] },
  { name: "a tenant table missing from the manifest", sql: notesTable("CREATE INDEX ON notes (tenant_id);"), mustFail: ["manifest-complete"] },
  { name: "a unique constraint without tenant_id", sql: "CREATE UNIQUE INDEX employees_email_everywhere ON employees (email)", mustFail: ["unique-includes-tenant"] },
  {
    name: "a unique key that only INCLUDEs tenant_id",
    sql: "CREATE UNIQUE INDEX employees_email_including ON employees (email) INCLUDE (tenant_id)",
    mustFail: ["unique-includes-tenant"],
  },
  {
    name: "a foreign key between tenant tables without tenant_id",
    sql: "ALTER TABLE employees ADD CONSTRAINT employees_project_anywhere FOREIGN KEY (project_id) REFERENCES projects (id)",
    mustFail: ["foreign-key-includes-tenant"],
  },
  { name: "the app role given BYPASSRLS", sql: "ALTER ROLE {login} BYPASSRLS", mustFail: ["app-role-bypasses-rls"] },
  {
    name: "the app role made a member of a BYPASSRLS role",
    sql: "CREATE ROLE {login}_bypass NOLOGIN BYPASSRLS; GRANT {login}_bypass TO {login}",
    mustFail: ["app-role-reaches-privileged-role"],
  },
  {
    name: "the app role owning a table",
    sql: "GRANT {login} TO CURRENT_USER; GRANT CREATE ON SCHEMA public TO {login}; ALTER TABLE projects OWNER TO {login}",
    mustFail: ["app-role-owns-nothing"],
  },
  { name: "the app role allowed to create databases", sql: "ALTER ROLE {login} CREATEDB", mustFail: ["app-role-no-admin-attributes"] },
  { name: "TRUNCATE granted on a tenant table", sql: "GRANT TRUNCATE ON employees TO tenantry_app", mustFail: ["app-no-rls-blind-privileges"] },
  { name: "a control-plane table granted to the app", sql: "GRANT SELECT ON directory.api_keys TO tenantry_app", mustFail: ["app-no-control-plane-tables"] },
  { name: "the app allowed to change a tenant's status", sql: "GRANT UPDATE (status) ON tenants TO tenantry_app", mustFail: ["app-tenant-directory-read-only"] },
  { name: "the app allowed to delete events", sql: "GRANT DELETE ON events TO tenantry_app", mustFail: ["event-log-append-only"] },
  { name: "a tenant table granted to PUBLIC", sql: "GRANT SELECT ON projects TO PUBLIC", mustFail: ["no-public-grants-on-tenant-tables"] },
  { name: "the app allowed to create objects in public", sql: "GRANT CREATE ON SCHEMA public TO tenantry_app", mustFail: ["app-cannot-create-objects"] },
  { name: "row security switched off for the database", sql: "ALTER DATABASE {database} SET row_security = off", mustFail: ["no-session-defaults"] },
  {
    name: "a tenant preset by the app's connection options",
    sql: "SELECT 1",
    appOptions: "-c app.tenant_id=00000000-0000-4000-8000-000000000001",
    mustFail: ["connections-start-unbound"],
  },
  {
    name: "a SECURITY DEFINER function without a search_path",
    sql: `CREATE FUNCTION count_projects(p_tenant_id uuid) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
            AS $$ SELECT count(*) FROM public.projects WHERE tenant_id = p_tenant_id $$;
          REVOKE ALL ON FUNCTION count_projects(uuid) FROM PUBLIC`,
    mustFail: ["definer-search-path"],
  },
  {
    name: "a SECURITY DEFINER function reading a tenant table",
    sql: `CREATE FUNCTION employee_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
            AS $$ SELECT count(*) FROM employees $$;
          REVOKE ALL ON FUNCTION employee_count() FROM PUBLIC; GRANT EXECUTE ON FUNCTION employee_count() TO tenantry_app`,
    mustFail: ["definer-reads-tenant-table"],
  },
  {
    name: "a SECURITY DEFINER function with a tenant argument it does not use",
    sql: `CREATE FUNCTION count_everyone(p_tenant_id uuid) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
            AS $$ SELECT count(*) FROM "public"."employees" $$;
          REVOKE ALL ON FUNCTION count_everyone(uuid) FROM PUBLIC`,
    mustFail: ["definer-reads-tenant-table"],
  },
  {
    name: "a row of a tenant that lives in a dedicated database",
    sql: `WITH t AS (INSERT INTO tenants (slug, name, placement, server, database_name) VALUES ('placed-break', 'Placed break', 'dedicated', 'primary', 'tenantry_t_00000000000000000000000000000000') RETURNING id)
          INSERT INTO projects (tenant_id, name) SELECT id, 'stray' FROM t`,
    mustFail: ["rows-where-their-tenant-is"],
  },
  { name: "a SECURITY DEFINER function executable by PUBLIC", sql: "GRANT EXECUTE ON FUNCTION directory.api_key(bytea) TO PUBLIC", mustFail: ["definer-not-public"] },
  {
    name: "a view without security_invoker",
    sql: "CREATE VIEW employee_directory AS SELECT name, email FROM employees; GRANT SELECT ON employee_directory TO tenantry_app",
    mustFail: ["view-security-invoker"],
  },
  { name: "a materialized view of a tenant table", sql: "CREATE MATERIALIZED VIEW employee_snapshot AS SELECT * FROM employees", mustFail: ["no-materialized-tenant-view"] },
  {
    name: "a migration applied from a different text",
    sql: "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
    mustFail: ["migrations-applied"],
  },
  {
    name: "a migration the code does not know",
    sql: `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
          VALUES (gen_random_uuid()::text, repeat('0', 64), '29991231000000_from_a_newer_app', now(), 1)`,
    mustFail: ["no-unknown-migrations"],
  },
];
