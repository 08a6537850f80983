// The registry of Postgres servers that can hold dedicated databases (directory.servers). A server
// is registered by name with the environment variables that hold its connections: the owner's
// (creates and migrates databases) and the app's login role (serves them). No password is stored.
import pg from "pg";
import { serverUrl } from "@/lib/env";
import { TenancyError } from "@/lib/errors";

export type ServerRegistration = { name: string; adminUrlEnv: string; appUrlEnv: string; notes?: string };

/** A registered server, with its connections read from the environment. */
export type Server = ServerRegistration & { adminUrl: string; appUrl: string };

/** The second embedded server `npm run dev` and `npm test` start with TENANTRY_PG_SECOND_PORT. */
export const SECOND_SERVER: ServerRegistration = {
  name: "second",
  adminUrlEnv: "TENANTRY_SERVER_SECOND_ADMIN_URL",
  appUrlEnv: "TENANTRY_SERVER_SECOND_APP_URL",
  notes: "the second embedded Postgres (development and tests)",
};

/** Registers (or re-registers) a server in the control plane whose owner connection is `adminUrl`. */
export async function registerServer(adminUrl: string, server: ServerRegistration): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO directory.servers (name, admin_url_env, app_url_env, notes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET admin_url_env = EXCLUDED.admin_url_env, app_url_env = EXCLUDED.app_url_env, notes = EXCLUDED.notes`,
      [server.name, server.adminUrlEnv, server.appUrlEnv, server.notes ?? ""],
    );
  } finally {
    await client.end();
  }
}

/** The servers registered in the control plane on `sql`. */
export async function listServers(sql: pg.ClientBase | pg.Pool): Promise<ServerRegistration[]> {
  const { rows } = await sql.query<ServerRegistration>(
    `SELECT name, admin_url_env AS "adminUrlEnv", app_url_env AS "appUrlEnv", notes FROM directory.servers ORDER BY name`,
  );
  return rows;
}

/** A registered server by name, its connections read from the environment (a clear error if unset). */
export async function serverNamed(sql: pg.ClientBase | pg.Pool, name: string): Promise<Server> {
  const found = (await listServers(sql)).find((s) => s.name === name);
  if (!found) throw new TenancyError("invalid_request", `No server is registered as ${JSON.stringify(name)}: see \`tenantry servers list\`.`);
  return { ...found, adminUrl: serverUrl(found.adminUrlEnv), appUrl: serverUrl(found.appUrlEnv) };
}
