import pg from "pg";
import { TENANT_TABLES } from "@/lib/tenancy/db/tenant-tables";
import { tablesWithTenantId, type TenantIdTable } from "../tenant-id-tables";

/** One database to audit: the owner's connection reads the catalog, the app's runs the probes. */
export type CheckTarget = { name: string; adminUrl: string; appUrl: string };

/** A table that holds tenant rows: it has a tenant_id column and lives outside the control plane. */
export type TenantTable = TenantIdTable;

/** A role the app acts as: its login role and every role reachable from it by membership. */
export type AppRole = { oid: number; name: string; login: boolean };

export type CheckContext = {
  target: CheckTarget;
  admin: pg.Client;
  /** The app's login role, from the app connection's URL. */
  appLogin: string;
  /** The login role first, then every role it is a member of, directly or not. */
  appRoles: AppRole[];
  tenantTables: TenantTable[];
  /** The tenant-table manifest the code exports, erases and moves by. */
  manifest: readonly string[];
  /** A new connection as the app; the caller ends it. */
  connectAsApp(): Promise<pg.Client>;
};


export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function checkContext(target: CheckTarget, admin: pg.Client): Promise<CheckContext> {
  const appLogin = decodeURIComponent(new URL(target.appUrl).username);
  const tenantTables = await tablesWithTenantId(admin, { controlPlane: false });
  // Any membership counts, whatever its INHERIT and SET options: a role that can be reached can be
  // made to act, by a later grant if not today.
  const roles = await admin.query<AppRole>(
    `WITH RECURSIVE reach(oid, depth) AS (
       SELECT oid, 0 FROM pg_roles WHERE rolname = $1
       UNION SELECT m.roleid, reach.depth + 1 FROM pg_auth_members m JOIN reach ON m.member = reach.oid WHERE reach.depth < 20)
     SELECT DISTINCT ON (r.oid) r.oid::int AS oid, r.rolname AS name, r.rolname = $1 AS login
     FROM reach JOIN pg_roles r ON r.oid = reach.oid ORDER BY r.oid`,
    [appLogin],
  );
  if (!roles.rows.some((r) => r.login)) throw new Error(`the app's login role ${appLogin} does not exist on ${target.name}`);
  return {
    target,
    admin,
    appLogin,
    appRoles: roles.rows.sort((a, b) => Number(b.login) - Number(a.login) || a.name.localeCompare(b.name)),
    tenantTables,
    manifest: TENANT_TABLES,
    connectAsApp: () => connect(target.appUrl),
  };
}
