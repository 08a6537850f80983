// What the app's roles are and may do: row-level security must bind them, always.
import type { Check, Finding } from "../check";
import { CONTROL_PLANE_SCHEMA, SYSTEM_SCHEMAS } from "../../tenant-id-tables";
import type { CheckContext } from "../context";

type RoleAttributes = { oid: number; name: string; super: boolean; bypass: boolean; createrole: boolean; createdb: boolean; replication: boolean };

async function attributes(ctx: CheckContext): Promise<RoleAttributes[]> {
  const { rows } = await ctx.admin.query<RoleAttributes>(
    `SELECT oid::int AS oid, rolname AS name, rolsuper AS super, rolbypassrls AS bypass, rolcreaterole AS createrole,
            rolcreatedb AS createdb, rolreplication AS replication
     FROM pg_roles WHERE oid = ANY($1::oid[])`,
    [ctx.appRoles.map((r) => r.oid)],
  );
  return rows;
}

/** The login role and the roles it was made a member of on purpose (tenantry_app). */
function isOwnRole(ctx: CheckContext, role: { name: string }): boolean {
  return role.name === ctx.appLogin || role.name === "tenantry_app";
}

/** Tables the login role holds any of `privileges` on, among those `where` selects. */
async function privilegedTables(ctx: CheckContext, where: string, privileges: string, params: unknown[] = []): Promise<Finding[]> {
  // Column grants count too (GRANT UPDATE (status) ON tenants is a write); they exist for these four only.
  const columnPrivileges = privileges.split(",").filter((p) => ["SELECT", "INSERT", "UPDATE", "REFERENCES"].includes(p)).join(",");
  const { rows } = await ctx.admin.query<{ qualified: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS qualified
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm') AND (${where})
       AND (has_table_privilege($1, c.oid, $2) OR CASE WHEN $3 = '' THEN false ELSE has_any_column_privilege($1, c.oid, $3) END)
     ORDER BY 1`,
    [ctx.appLogin, privileges, columnPrivileges, ...params],
  );
  return rows.map((r) => ({ subject: r.qualified, reason: `the app may ${privileges.toLowerCase().replaceAll(",", ", ")} it (or some of that)` }));
}

export const appRoleChecks: Check[] = [
  {
    id: "app-role-bypasses-rls",
    title: "The app's roles are neither superuser nor BYPASSRLS",
    fix: "ALTER ROLE <role> NOSUPERUSER NOBYPASSRLS",
    run: async (ctx) =>
      (await attributes(ctx))
        .filter((r) => isOwnRole(ctx, r) && (r.super || r.bypass))
        .map((r) => ({ subject: r.name, reason: `${r.super ? "SUPERUSER" : "BYPASSRLS"}: row-level security does not apply to it` })),
  },
  {
    id: "app-role-reaches-privileged-role",
    title: "No role the app can become bypasses row-level security or owns tenant tables",
    fix: "REVOKE <role> FROM <app role>: membership lets the app SET ROLE to it, or act with its rights",
    run: async (ctx) => {
      const owners = await ctx.admin.query<{ owner: number }>("SELECT DISTINCT relowner::int AS owner FROM pg_class WHERE oid = ANY($1::oid[])", [
        ctx.tenantTables.map((t) => t.oid),
      ]);
      const owning = new Set(owners.rows.map((r) => r.owner));
      return (await attributes(ctx))
        .filter((r) => !isOwnRole(ctx, r) && (r.super || r.bypass || owning.has(r.oid)))
        .map((r) => ({ subject: r.name, reason: `the app is a member of ${r.name}, which ${r.super ? "is superuser" : r.bypass ? "has BYPASSRLS" : "owns tenant tables"}` }));
    },
  },
  {
    id: "app-role-owns-nothing",
    title: "The app owns no table, function, schema or type",
    fix: "ALTER … OWNER TO the schema owner: an owner can disable row-level security, replace functions and grant itself anything",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ kind: string; name: string; owner: string }>(
        `SELECT 'table' AS kind, c.oid::regclass::text AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c WHERE c.relowner = ANY($1::oid[])
         UNION ALL SELECT 'function', p.oid::regprocedure::text, pg_get_userbyid(p.proowner) FROM pg_proc p WHERE p.proowner = ANY($1::oid[])
         UNION ALL SELECT 'schema', n.nspname, pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE n.nspowner = ANY($1::oid[])
         UNION ALL SELECT 'type', t.oid::regtype::text, pg_get_userbyid(t.typowner) FROM pg_type t WHERE t.typowner = ANY($1::oid[]) AND t.typrelid = 0
         ORDER BY 1, 2`,
        [ctx.appRoles.map((r) => r.oid)],
      );
      return rows.map((r) => ({ subject: r.name, reason: `${r.kind} owned by the app role ${r.owner}` }));
    },
  },
  {
    id: "app-role-no-admin-attributes",
    title: "The app's roles cannot create roles or databases, nor replicate",
    fix: "ALTER ROLE <role> NOCREATEROLE NOCREATEDB NOREPLICATION",
    run: async (ctx) =>
      (await attributes(ctx))
        .filter((r) => r.createrole || r.createdb || r.replication)
        .map((r) => ({
          subject: r.name,
          reason: [r.createrole && "CREATEROLE", r.createdb && "CREATEDB", r.replication && "REPLICATION"].filter(Boolean).join(", "),
        })),
  },
  {
    id: "app-no-rls-blind-privileges",
    title: "The app holds no TRUNCATE, TRIGGER or REFERENCES on tenant tables (row-level security does not apply to them)",
    fix: "REVOKE TRUNCATE, TRIGGER, REFERENCES ON <table> FROM <role>: TRUNCATE empties every tenant's rows at once",
    run: (ctx) => privilegedTables(ctx, "c.oid = ANY($4::oid[])", "TRUNCATE,TRIGGER,REFERENCES", [ctx.tenantTables.map((t) => t.oid)]),
  },
  {
    id: "app-no-control-plane-tables",
    title: "The app holds no grant on control-plane tables (key hashes, sign-in tokens, the migration history)",
    fix: "REVOKE ALL ON <table> FROM <role>; expose what the app needs through a function answering for one key",
    run: (ctx) =>
      privilegedTables(ctx, "n.nspname = $4 OR (n.nspname = 'public' AND c.relname = '_prisma_migrations')", "SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER", [
        CONTROL_PLANE_SCHEMA,
      ]),
  },
  {
    id: "app-tenant-directory-read-only",
    title: "The app cannot write the tenant directory (tenants: status, plan, placement)",
    fix: "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON tenants FROM <role>; tenants change through the control plane",
    run: (ctx) => privilegedTables(ctx, "c.oid = to_regclass('public.tenants')", "INSERT,UPDATE,DELETE,TRUNCATE"),
  },
  {
    id: "event-log-append-only",
    title: "The event log is append-only for the app",
    fix: "REVOKE UPDATE, DELETE, TRUNCATE ON events FROM <role>",
    run: (ctx) => privilegedTables(ctx, "c.oid = to_regclass('public.events')", "UPDATE,DELETE,TRUNCATE"),
  },
  {
    id: "no-public-grants-on-tenant-tables",
    title: "PUBLIC holds no grant on tenant tables",
    fix: "REVOKE ALL ON <table> FROM PUBLIC; grant the app role what it needs",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ qualified: string; privileges: string }>(
        `SELECT c.oid::regclass::text AS qualified, string_agg(a.privilege_type, ', ') AS privileges
         FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = ANY($1::oid[]) AND a.grantee = 0 GROUP BY 1 ORDER BY 1`,
        [ctx.tenantTables.map((t) => t.oid)],
      );
      return rows.map((r) => ({ subject: r.qualified, reason: `PUBLIC (every role, present and future) may ${r.privileges}` }));
    },
  },
  {
    id: "app-cannot-create-objects",
    title: "The app cannot create objects in any schema",
    fix: "REVOKE CREATE ON SCHEMA <schema> FROM PUBLIC, <role>: a function or table of its own can shadow or capture the app's queries",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ schema: string }>(
        `SELECT n.nspname AS schema FROM pg_namespace n WHERE ${SYSTEM_SCHEMAS} AND has_schema_privilege($1, n.oid, 'CREATE') ORDER BY 1`,
        [ctx.appLogin],
      );
      return rows.map((r) => ({ subject: r.schema, reason: "the app may create objects here" }));
    },
  },
  {
    id: "no-session-defaults",
    title: "No role or database setting presets a tenant or switches row security off",
    fix: "ALTER ROLE/DATABASE … RESET <setting>: a preset tenant binds every new connection to it",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ who: string; setting: string }>(
        `SELECT coalesce(r.rolname, 'every role') || ' in ' || coalesce(d.datname, 'every database') AS who, s.setting
         FROM pg_db_role_setting c
         CROSS JOIN unnest(c.setconfig) AS s(setting)
         LEFT JOIN pg_roles r ON r.oid = c.setrole
         LEFT JOIN pg_database d ON d.oid = c.setdatabase
         WHERE (c.setdatabase = 0 OR d.datname = current_database()) AND (s.setting LIKE 'app.%' OR s.setting LIKE 'row\\_security=%')
         ORDER BY 1, 2`,
      );
      return rows.map((r) => ({ subject: r.who, reason: `sets ${r.setting}` }));
    },
  },
];
