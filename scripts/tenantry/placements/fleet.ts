// Every database that holds tenant rows: the shared one and each tenant's dedicated database,
// with the owner's and the app's connections, for `migrate` and `check`.
import pg from "pg";
import { onDatabase, serverUrl } from "@/lib/env";
import type { CheckTarget } from "../check/context";

/** A database of the fleet; a dedicated one names its tenant. */
export type FleetDatabase = CheckTarget & { tenant: { id: string; slug: string } | null };

export async function fleet(shared: CheckTarget): Promise<FleetDatabase[]> {
  const client = new pg.Client({ connectionString: shared.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; slug: string; server: string; database_name: string; admin_url_env: string; app_url_env: string }>(
      `SELECT t.id, t.slug, t.server, t.database_name, s.admin_url_env, s.app_url_env
       FROM tenants t JOIN directory.servers s ON s.name = t.server
       WHERE t.placement = 'dedicated' ORDER BY t.slug`,
    );
    const dedicated = rows.map((r) => ({
      name: `${r.slug}@${r.server}`,
      adminUrl: onDatabase(serverUrl(r.admin_url_env), r.database_name),
      appUrl: onDatabase(serverUrl(r.app_url_env), r.database_name),
      tenant: { id: r.id, slug: r.slug },
    }));
    return [{ ...shared, tenant: null }, ...dedicated];
  } finally {
    await client.end();
  }
}
