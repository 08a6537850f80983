// The bound on connections to dedicated databases: 200 dedicated tenants on the second server,
// hit in random order by 2,000 requests, 100 at a time, through one registry allowed 40
// connections to them in all. Postgres itself counts the connections (pg_stat_activity, sampled
// throughout): never more than 40. Every request is answered with its rows or with the typed,
// retryable 503 database_busy; none hangs, none fails otherwise.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import { ensureAppLogin, migrate } from "../../scripts/migrate";
import { databaseNameFor } from "../../scripts/tenantry/placements/dedicated-database";
import { SECOND_SERVER } from "../../scripts/tenantry/placements/servers";
import { connect, createTenants, uniqueSlug } from "../support/env";

const TENANTS = 200;
const BOUND = 40;
const secondAdmin = process.env[SECOND_SERVER.adminUrlEnv]!;
const secondApp = process.env[SECOND_SERVER.appUrlEnv]!;
const onDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const template = `tenantry_pool_template_${process.pid}`;
const appLogin = decodeURIComponent(new URL(secondApp).username);
let tenants: Awaited<ReturnType<typeof createTenants>>;

before(async () => {
  tenants = await createTenants(Array.from({ length: TENANTS }, () => uniqueSlug("pooled")));
  // One migrated database, copied per tenant (faster than migrating 200), each given its
  // tenant's directory row and three employees.
  const server = await connect(secondAdmin);
  try {
    await server.query(`CREATE DATABASE ${template}`);
    await migrate(onDatabase(secondAdmin, template), () => {});
    await ensureAppLogin(onDatabase(secondAdmin, template), onDatabase(secondApp, template));
    for (const id of tenants.ids) {
      const name = databaseNameFor(id);
      await server.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      const db = await connect(onDatabase(secondAdmin, name));
      try {
        await db.query("INSERT INTO directory.servers (name, admin_url_env, app_url_env) VALUES ('second', $1, $2)", [SECOND_SERVER.adminUrlEnv, SECOND_SERVER.appUrlEnv]);
        await db.query("INSERT INTO tenants (id, slug, name, placement, server, database_name) SELECT id, slug, name, 'dedicated', 'second', $2 FROM json_populate_record(NULL::tenants, $1::json)", [
          JSON.stringify((await tenants.admin.query("SELECT id, slug, name FROM tenants WHERE id = $1", [id])).rows[0]),
          name,
        ]);
        await db.query("BEGIN");
        await db.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
        await db.query("INSERT INTO employees (name, email, title, department) SELECT 'P' || g, 'p' || g || '@pooled.test', 'T', 'D' FROM generate_series(1, 3) g");
        await db.query("COMMIT");
      } finally {
        await db.end();
      }
    }
  } finally {
    await server.end();
  }
  await tenants.admin.query("UPDATE tenants SET placement = 'dedicated', server = 'second', database_name = 'tenantry_t_' || replace(id::text, '-', '') WHERE id = ANY($1::uuid[])", [tenants.ids]);
});

after(async () => {
  const server = await connect(secondAdmin);
  try {
    for (const id of tenants.ids) await server.query(`DROP DATABASE IF EXISTS ${databaseNameFor(id)} WITH (FORCE)`);
    await server.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await server.end();
  }
  await tenants.admin.query("UPDATE tenants SET placement = 'shared', server = NULL, database_name = NULL WHERE id = ANY($1::uuid[])", [tenants.ids]);
  await tenants.cleanup();
});

test(`${TENANTS} dedicated tenants in random order never hold more than ${BOUND} connections, and every request gets its rows or a 503`, async (t) => {
  const registry = new DatabaseRegistry({ url: env().DATABASE_URL!, poolSize: 2, poolWaitMs: 2000, binding: env().TENANTRY_BINDING, dedicated: { poolSize: 2, connections: BOUND } });
  const at = (id: string) => ({ id, placement: "dedicated" as const, database: { server: "second", appUrlEnv: SECOND_SERVER.appUrlEnv, name: databaseNameFor(id) } });
  const watcher = new pg.Client({ connectionString: secondAdmin });
  await watcher.connect();
  let most = 0;
  let samples = 0;
  let watching = true;
  const watching$ = (async () => {
    while (watching) {
      const { rows } = await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND datname LIKE 'tenantry_t_%'", [appLogin]);
      most = Math.max(most, rows[0].n);
      samples++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const order = Array.from({ length: 2000 }, () => tenants.ids[Math.floor(Math.random() * TENANTS)]);
  let next = 0;
  let served = 0;
  let busy = 0;
  try {
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (next < order.length) {
          const id = order[next++];
          try {
            const rows = await registry.clientFor(at(id)).employee.findMany({ select: { email: true } });
            assert.equal(rows.length, 3);
            served++;
          } catch (error) {
            assert.ok(error instanceof TenancyError && error.code === "database_busy" && error.status === 503 && error.retryAfter! > 0, `unexpected: ${(error as Error).message}`);
            busy++;
          }
        }
      }),
    );
  } finally {
    watching = false;
    await watching$;
    await watcher.end();
    await registry.end();
  }
  t.diagnostic(`${served} served, ${busy} answered 503 database_busy; at most ${most} connections in ${samples} samples`);
  assert.equal(served + busy, order.length);
  assert.ok(samples > 20, `pg_stat_activity was sampled ${samples} times`);
  assert.ok(most <= BOUND, `at most ${BOUND} connections, saw ${most}`);
  assert.ok(most >= BOUND / 2, `the bound was reached for real (saw ${most})`);
  assert.ok(served >= order.length / 2, `most requests are served (${served} served, ${busy} busy)`);
});
