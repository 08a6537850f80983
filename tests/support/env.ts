// Tests run under scripts/test.ts, which provides a migrated, seeded database (embedded unless
// DATABASE_URL is set) and, for HTTP tests, a running app.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { ACCESS_EVENT_TYPES } from "@/lib/events/catalog";
import { TENANT_TABLES } from "@/lib/tenancy/db/tenant-tables";
import { startPgBouncer } from "./pgbouncer";

function required(name: "DATABASE_URL" | "DATABASE_ADMIN_URL"): string {
  const value = env()[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\`.`);
  return value;
}

let bouncer: Promise<string> | undefined;

/**
 * The app role's connection. With TENANTRY_VIA_PGBOUNCER=1 it goes through a PgBouncer in
 * transaction pooling mode that this process starts, as many production deployments do.
 */
export function appUrl(): Promise<string> {
  if (!viaPgBouncer) return Promise.resolve(required("DATABASE_URL"));
  return (bouncer ??= startPgBouncer(required("DATABASE_URL")));
}

export const viaPgBouncer = env().TENANTRY_VIA_PGBOUNCER;
export const adminUrl = () => required("DATABASE_ADMIN_URL");

/** A short-lived pg client; the caller ends it. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Creates tenants through the admin role and returns a cleanup that deletes them (and all their
 * rows). They are on the plan without limits unless told otherwise: only the quota tests test quotas.
 */
export async function createTenants(slugs: string[], { plan = "enterprise" } = {}) {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query<{ id: string; slug: string }>(
    "INSERT INTO tenants (slug, name, plan) SELECT s, initcap(s), $2 FROM unnest($1::text[]) AS s RETURNING id, slug",
    [slugs, plan],
  );
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  return {
    ids: slugs.map((s) => bySlug.get(s)!),
    admin,
    async cleanup() {
      await admin.query("DELETE FROM tenants WHERE id = ANY($1::uuid[])", [rows.map((r) => r.id)]);
      await admin.end();
    },
  };
}

/** Runs `fn` on `client` in one transaction bound to `tenantId`, as the app binds its own. */
export async function asTenant<T>(client: pg.Client, tenantId: string, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Deletes what a test file wrote to the demo tenants: rows and events named with its run prefix. */
export async function deleteRunRows(prefix: string): Promise<void> {
  const admin = await connect(adminUrl());
  try {
    await admin.query("DELETE FROM events WHERE payload->>'name' LIKE $1", [`${prefix}%`]);
    await admin.query("DELETE FROM employees WHERE name LIKE $1", [`${prefix}%`]);
    await admin.query("DELETE FROM projects WHERE name LIKE $1", [`${prefix}%`]);
  } finally {
    await admin.end();
  }
}

/**
 * Every row of a tenant, in every tenant table of the manifest, as one comparable value. With
 * `exceptAccess`, the audit log's records of access are left out (sign-in attempts, export
 * downloads, lib/events/catalog.ts ACCESS_EVENT_TYPES): they are recorded on purpose, and change
 * nothing else.
 */
export async function tenantSnapshot(admin: pg.Client, tenantId: string, { exceptAccess = false } = {}): Promise<string> {
  const parts = [];
  for (const table of TENANT_TABLES) {
    const access = exceptAccess && table === "events" ? ` AND type <> ALL ('{${ACCESS_EVENT_TYPES.join(",")}}')` : "";
    const { rows } = await admin.query(`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM ${table} t WHERE tenant_id = $1${access}`, [tenantId]);
    parts.push(`${table}:${rows[0].h}`);
  }
  return parts.join(" ");
}
