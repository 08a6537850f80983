// A tenant's dedicated database: made on a registered server by the same migrations as the shared
// one (row-level security included), linked back to the control plane for the access indexes,
// and dropped again. The operator's side of the database factory: it needs the owner's
// connections, which app instances never hold; the app's side is lib/tenancy/db/database-registry.ts.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { onDatabase } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { ensureAppLogin, migrate } from "../../migrate";
import { withPgClient } from "../../pg-client";
import { serverNamed, type Server } from "./servers";

/** Where a dedicated database is, with the owner's and the app's connections to it. */
export type DedicatedDatabase = { server: string; name: string; adminUrl: string; appUrl: string };

/** A tenant's database name: one per tenant, the same on every server it may move to. */
export function databaseNameFor(tenantId: string): string {
  return `tenantry_t_${tenantId.replaceAll("-", "")}`;
}

export function dedicatedDatabase(server: Server, name: string): DedicatedDatabase {
  return { server: server.name, name, adminUrl: onDatabase(server.adminUrl, name), appUrl: onDatabase(server.appUrl, name) };
}

/**
 * Creates the tenant's database on `server` (replacing a leftover of a failed attempt, never a
 * database a tenant is placed in), migrates it, lets the app's login role in, and links it to the
 * control plane on `controlPlaneAdminUrl`.
 */
export async function provisionDatabase(controlPlaneAdminUrl: string, server: Server, tenantId: string): Promise<DedicatedDatabase> {
  const database = dedicatedDatabase(server, databaseNameFor(tenantId));
  await withPgClient(controlPlaneAdminUrl, async (sql) => {
    const placed = await sql.query("SELECT 1 FROM tenants WHERE server = $1 AND database_name = $2", [server.name, database.name]);
    if (placed.rowCount) throw new TenancyError("invalid_request", `${database.name} on ${server.name} is where the tenant is placed now.`);
  });
  await withPgClient(server.adminUrl, async (sql) => {
    await sql.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database.name)} WITH (FORCE)`);
    await sql.query(`CREATE DATABASE ${pg.escapeIdentifier(database.name)}`);
  });
  try {
    await migrate(database.adminUrl, () => {});
    await ensureAppLogin(database.adminUrl, database.appUrl);
    await linkToControlPlane(controlPlaneAdminUrl, database, tenantId);
  } catch (error) {
    await dropDatabase(controlPlaneAdminUrl, server, database.name).catch(() => {});
    throw error;
  }
  return database;
}

/**
 * The directory link: a login role on the control plane for this database alone (it may write
 * its tenant's access-index rows and read the users its rows name, nothing else: migration
 * 20261208000000), and postgres_fdw foreign tables over them in the dedicated database, which the
 * index triggers write through. The role's password lives only in the database's user mapping.
 */
async function linkToControlPlane(controlPlaneAdminUrl: string, database: DedicatedDatabase, tenantId: string): Promise<void> {
  const role = linkRoleFor(database);
  const password = randomBytes(24).toString("base64url");
  await withPgClient(controlPlaneAdminUrl, async (sql) => {
    const exists = await sql.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    await sql.query(`${exists.rowCount ? "ALTER" : "CREATE"} ROLE ${pg.escapeIdentifier(role)} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
    await sql.query(`GRANT tenantry_link TO ${pg.escapeIdentifier(role)}`);
    await sql.query(
      `INSERT INTO directory.links (role_name, tenant_id) VALUES ($1, $2) ON CONFLICT (role_name) DO UPDATE SET tenant_id = EXCLUDED.tenant_id`,
      [role, tenantId],
    );
  });
  const controlPlane = new URL(controlPlaneAdminUrl);
  await withPgClient(database.adminUrl, async (sql) => {
    const option = (value: string) => `'${value.replaceAll("'", "''")}'`;
    await sql.query("BEGIN");
    await sql.query(
      `CREATE SERVER control_plane FOREIGN DATA WRAPPER postgres_fdw
       OPTIONS (host ${option(controlPlane.hostname)}, port ${option(controlPlane.port || "5432")}, dbname ${option(controlPlane.pathname.slice(1))})`,
    );
    await sql.query(`CREATE USER MAPPING FOR CURRENT_USER SERVER control_plane OPTIONS (user ${option(role)}, password ${option(password)})`);
    await importLinkTables(sql);
    await sql.query("UPDATE directory.this_database SET kind = 'dedicated'");
    await sql.query("COMMIT");
  });
}

async function importLinkTables(sql: pg.Client): Promise<void> {
  await sql.query("CREATE SCHEMA directory_link");
  await sql.query("REVOKE ALL ON SCHEMA directory_link FROM PUBLIC");
  await sql.query("IMPORT FOREIGN SCHEMA directory LIMIT TO (memberships, api_keys, domains) FROM SERVER control_plane INTO directory_link");
  await sql.query("IMPORT FOREIGN SCHEMA public LIMIT TO (users) FROM SERVER control_plane INTO directory_link");
}

/** After a migration of the fleet: the link's foreign tables take the control plane's current columns. */
export async function refreshLink(adminUrl: string): Promise<void> {
  await withPgClient(adminUrl, async (sql) => {
    const linked = await sql.query("SELECT 1 FROM pg_foreign_server WHERE srvname = 'control_plane'");
    if (!linked.rowCount) return; // not linked yet: provisioning links it after migrating
    await sql.query("BEGIN");
    await sql.query("DROP SCHEMA IF EXISTS directory_link CASCADE");
    await importLinkTables(sql);
    await sql.query("COMMIT");
  });
}

/** The control-plane role of a dedicated database's link: one per server and database. */
function linkRoleFor(database: { server: string; name: string }): string {
  return `tenantry_link_${database.server.replaceAll("-", "_")}_${database.name.slice("tenantry_t_".length, "tenantry_t_".length + 12)}`;
}

/** Drops a dedicated database (closing any connection to it) and its link role. */
export async function dropDatabase(controlPlaneAdminUrl: string, server: Server, name: string): Promise<void> {
  await dropOnServer(server, name);
  await withPgClient(controlPlaneAdminUrl, (sql) => dropLinkRole(sql, server.name, name));
}

/** Drops the database on its server, closing every connection to it; true once it is gone. */
export async function dropOnServer(server: Server, name: string): Promise<boolean> {
  return withPgClient(server.adminUrl, async (sql) => {
    await sql.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    const left = await sql.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return left.rowCount === 0;
  });
}

/** Removes the control-plane login of a database's link, on `sql` (inside the caller's transaction, if any). */
export async function dropLinkRole(sql: pg.ClientBase, serverName: string, name: string): Promise<void> {
  const role = linkRoleFor({ server: serverName, name });
  await sql.query("DELETE FROM directory.links WHERE role_name = $1", [role]);
  await sql.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
}

/** Where a tenant's rows are: its dedicated database (on a registered server), or null for the shared one. */
export async function dedicatedDatabaseOf(sql: pg.ClientBase, tenantId: string): Promise<(DedicatedDatabase & { host: Server }) | null> {
  const { rows } = await sql.query<{ server: string; database_name: string }>(
    "SELECT server, database_name FROM tenants WHERE id = $1 AND placement = 'dedicated'",
    [tenantId],
  );
  if (!rows[0]) return null;
  const host = await serverNamed(sql, rows[0].server);
  return { ...dedicatedDatabase(host, rows[0].database_name), host };
}
