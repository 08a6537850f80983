// `tenantry move <slug> --to shared|dedicated[:server]`: moves a tenant's rows to another
// placement while the app keeps serving it.
//
// The steps: make the target (a new dedicated database, or the shared one), freeze the tenant's
// writes (state `moving`: the app answers writes `503 tenant_moving` with Retry-After, the
// database refuses them too, and the freeze waits for every write already past the fence), copy
// its rows in one snapshot with their ids (event ids included, so stream cursors stay valid, and
// the target's event sequence carried past them), verify per table row count and checksum inside
// the target's transaction, then switch the placement and raise its epoch in one statement. A
// write through an instance that still resolves the old placement is refused by the epoch check.
// On any failure before the switch the source stays authoritative and the target is removed.
// After it, the rows left behind are deleted and a scan proves none remain.
//
// This first version copies under the freeze, so writes wait for the whole copy (reads never
// do); the report gives that window. Catching up changes made during an unfrozen copy, so that
// only the switch is frozen, is the next step (README, Placements).
import pg from "pg";
import { TENANT_TABLES } from "@/lib/tenancy/db/tenant-tables";
import { TenancyError } from "@/lib/errors";
import { dedicatedDatabase, dropDatabase, provisionDatabase, type DedicatedDatabase } from "./dedicated-database";
import { serverNamed, type Server } from "./servers";

export type MoveTarget = { placement: "shared" } | { placement: "dedicated"; server: string };

export type MoveReport = {
  slug: string;
  from: string;
  to: string;
  epoch: number;
  rows: Record<string, number>;
  /** From the start to the source rows deleted. */
  totalMs: number;
  /** How long writes were refused. */
  windowMs: number;
};

/** `shared`, `dedicated` (the primary server) or `dedicated:<server>`. */
export function parseMoveTarget(text: string): MoveTarget {
  const match = /^(shared|dedicated)(?::([a-z][a-z0-9-]{0,30}))?$/.exec(text);
  if (!match || (match[1] === "shared" && match[2])) throw new TenancyError("invalid_request", `--to must be shared, dedicated or dedicated:<server>, not ${JSON.stringify(text)}.`);
  return match[1] === "shared" ? { placement: "shared" } : { placement: "dedicated", server: match[2] ?? "primary" };
}

type TenantRow = { id: string; slug: string; placement: "shared" | "dedicated"; server: string | null; database_name: string | null; placement_epoch: string; placement_state: string };

/** A side of the move: the database that holds (or will hold) the rows. */
type Side = { label: string; adminUrl: string; dedicated: (DedicatedDatabase & { host: Server }) | null };

const BATCH = 5000;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Moves the tenant `slug`; `failAfterCopy` is for tests (a failure injected once the rows are copied). */
export async function moveTenant(controlPlaneAdminUrl: string, slug: string, to: MoveTarget, log: (line: string) => void = () => {}, failAfterCopy = false): Promise<MoveReport> {
  const started = performance.now();
  const cp = await connect(controlPlaneAdminUrl);
  try {
    const { rows } = await cp.query<TenantRow>("SELECT id, slug, placement, server, database_name, placement_epoch, placement_state FROM tenants WHERE slug = $1", [slug]);
    const tenant = rows[0];
    if (!tenant) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    if (tenant.placement_state !== "active") throw new TenancyError("invalid_transition", `${slug} is ${tenant.placement_state}, not active: finish or undo that first.`);
    const here = tenant.placement === "shared" ? "shared" : `dedicated:${tenant.server}`;
    const there = to.placement === "shared" ? "shared" : `dedicated:${to.server}`;
    if (here === there) throw new TenancyError("invalid_request", `${slug} is already ${here}.`);
    const epoch = Number(tenant.placement_epoch) + 1;

    const source = await sideOf(cp, controlPlaneAdminUrl, tenant.placement === "shared" ? { placement: "shared" } : { placement: "dedicated", server: tenant.server! }, tenant.database_name);
    const targetServer = to.placement === "dedicated" ? await serverNamed(cp, to.server) : null;
    log(targetServer ? `provisioning ${there}` : "target: the shared database");
    const target: Side = targetServer
      ? { label: there, adminUrl: "", dedicated: { ...(await provisionDatabase(controlPlaneAdminUrl, targetServer, tenant.id)), host: targetServer } }
      : { label: "shared", adminUrl: controlPlaneAdminUrl, dedicated: null };
    if (target.dedicated) target.adminUrl = target.dedicated.adminUrl;

    let frozenAt = 0;
    let switched = false;
    try {
      if (target.dedicated) await writeTenantCopy(cp, target, tenant.id, epoch);
      log("freezing writes");
      frozenAt = performance.now();
      await freeze(cp, source, tenant.id);
      log("copying");
      const copied = await copyRows(source, target, tenant.id, log);
      if (failAfterCopy) throw new Error("failure injected after the copy (test)");
      await switchPlacement(cp, target, tenant.id, epoch);
      switched = true;
      const windowMs = performance.now() - frozenAt;
      log(`switched to ${there} (epoch ${epoch}); writes were refused for ${Math.round(windowMs)} ms`);
      await removeLeftBehind(controlPlaneAdminUrl, source, tenant.id);
      log("the source holds none of its rows");
      return { slug, from: here, to: there, epoch, rows: copied, totalMs: performance.now() - started, windowMs };
    } catch (error) {
      if (switched) throw error; // the target is authoritative now: the operator cleans the source
      await thaw(cp, source, tenant.id).catch(() => {});
      if (target.dedicated) await dropDatabase(controlPlaneAdminUrl, target.dedicated.host, target.dedicated.name).catch(() => {});
      throw error;
    }
  } finally {
    await cp.end();
  }
}

async function sideOf(cp: pg.Client, controlPlaneAdminUrl: string, where: MoveTarget, databaseName: string | null): Promise<Side> {
  if (where.placement === "shared") return { label: "shared", adminUrl: controlPlaneAdminUrl, dedicated: null };
  const host = await serverNamed(cp, where.server);
  const database = dedicatedDatabase(host, databaseName!);
  return { label: `dedicated:${where.server}`, adminUrl: database.adminUrl, dedicated: { ...database, host } };
}

/**
 * A dedicated database's copy of its tenant's directory row (its foreign keys and its fence read
 * it), under the new epoch and `moving` until the switch: it keeps no access index meanwhile.
 */
async function writeTenantCopy(cp: pg.Client, target: Side, tenantId: string, epoch: number): Promise<void> {
  const { rows } = await cp.query<{ tenant: object; server: object }>(
    `SELECT to_jsonb(t) AS tenant, (SELECT to_jsonb(s) FROM directory.servers s WHERE s.name = $2) AS server FROM tenants t WHERE id = $1`,
    [tenantId, target.dedicated!.server],
  );
  const tenant = { ...rows[0].tenant, placement: "dedicated", server: target.dedicated!.server, database_name: target.dedicated!.name, placement_epoch: epoch, placement_state: "moving" };
  const sql = await connect(target.adminUrl);
  try {
    await sql.query("INSERT INTO directory.servers SELECT * FROM jsonb_populate_record(NULL::directory.servers, $1::jsonb) ON CONFLICT (name) DO NOTHING", [JSON.stringify(rows[0].server)]);
    await sql.query("INSERT INTO tenants SELECT * FROM jsonb_populate_record(NULL::tenants, $1::jsonb)", [JSON.stringify(tenant)]);
  } finally {
    await sql.end();
  }
}

const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('tenantry.placement:' || $1::text, 0))";

/**
 * Writes refused from here on: the directory (and a dedicated source's own row) says `moving`;
 * then the fence's lock, taken exclusively, waits for every write that passed the fence before.
 */
async function freeze(cp: pg.Client, source: Side, tenantId: string): Promise<void> {
  await cp.query("UPDATE tenants SET placement_state = 'moving' WHERE id = $1", [tenantId]);
  await cp.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
  const sql = source.dedicated ? await connect(source.adminUrl) : cp;
  try {
    if (source.dedicated) await sql.query("UPDATE tenants SET placement_state = 'moving' WHERE id = $1", [tenantId]);
    await sql.query("BEGIN");
    await sql.query("SET LOCAL lock_timeout = '10s'");
    await sql.query(LOCK, [tenantId]);
    await sql.query("COMMIT");
  } finally {
    if (source.dedicated) await sql.end();
  }
}

async function thaw(cp: pg.Client, source: Side, tenantId: string): Promise<void> {
  if (source.dedicated) {
    const sql = await connect(source.adminUrl);
    await sql.query("UPDATE tenants SET placement_state = 'active' WHERE id = $1", [tenantId]).finally(() => sql.end());
  }
  await cp.query("UPDATE tenants SET placement_state = 'active' WHERE id = $1", [tenantId]);
  await cp.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
}

/** The accounts the tenant's rows name: a dedicated database keeps copies (no password hashes) for its foreign keys. */
const REFERENCED_USERS = `SELECT to_jsonb(u) - 'password_hash' AS r FROM users u WHERE id IN (
  SELECT user_id FROM memberships WHERE tenant_id = $1
  UNION SELECT created_by FROM api_keys WHERE tenant_id = $1
  UNION SELECT invited_by FROM invitations WHERE tenant_id = $1)`;

/** One table's rows of the tenant, as JSON, in a stable order (the checksum depends on it). */
const rowsOf = (table: string) => `SELECT to_jsonb(t) AS r FROM ${table} t WHERE tenant_id = $1`;
const digestOf = (table: string) =>
  `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS sum FROM (${rowsOf(table)}) x`;

/**
 * Copies the tenant's rows in one snapshot of the source, into one transaction of the target that
 * commits only if every table's count and checksum match the source's.
 */
async function copyRows(source: Side, target: Side, tenantId: string, log: (line: string) => void): Promise<Record<string, number>> {
  const from = await connect(source.adminUrl);
  const into = await connect(target.adminUrl);
  try {
    await from.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await into.query("BEGIN");
    const copied: Record<string, number> = {};
    const tables: [string, string][] = [...(target.dedicated ? [["users", REFERENCED_USERS] as [string, string]] : []), ...TENANT_TABLES.map((t) => [t, rowsOf(t)] as [string, string])];
    for (const [table, select] of tables) {
      await from.query(`DECLARE rows_of CURSOR FOR ${select}`, [tenantId]);
      let count = 0;
      for (;;) {
        const { rows } = await from.query<{ r: object }>(`FETCH ${BATCH} FROM rows_of`);
        if (rows.length === 0) break;
        // Accounts may be there already (a member of another workspace in the shared database).
        const conflict = table === "users" ? " ON CONFLICT (id) DO NOTHING" : "";
        const overriding = table === "events" ? " OVERRIDING SYSTEM VALUE" : "";
        await into.query(`INSERT INTO ${table}${overriding} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)${conflict}`, [JSON.stringify(rows.map((row) => row.r))]);
        count += rows.length;
      }
      await from.query("CLOSE rows_of");
      copied[table] = count;
      log(`  ${table}: ${count}`);
    }
    for (const table of TENANT_TABLES) {
      const [a, b] = await Promise.all([from.query(digestOf(table), [tenantId]), into.query(digestOf(table), [tenantId])]);
      if (a.rows[0].rows !== b.rows[0].rows || a.rows[0].sum !== b.rows[0].sum) {
        throw new Error(`${table}: the copy does not match the source (${b.rows[0].rows} rows copied, ${a.rows[0].rows} in the source, or different contents).`);
      }
    }
    // Later events get ids after the tenant's (the sequence never goes back).
    await into.query(
      `SELECT setval(s, GREATEST((SELECT coalesce(max(id), 1) FROM events WHERE tenant_id = $1), coalesce(pg_sequence_last_value(s::regclass), 1)))
       FROM pg_get_serial_sequence('events', 'id') AS s`,
      [tenantId],
    );
    await into.query("COMMIT");
    await from.query("COMMIT");
    return copied;
  } catch (error) {
    await into.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await Promise.all([from.end(), into.end()]);
  }
}

/**
 * The switch: the target's own row turns active, then the directory names the target under the
 * new epoch, in one statement, and tells every instance.
 */
async function switchPlacement(cp: pg.Client, target: Side, tenantId: string, epoch: number): Promise<void> {
  if (target.dedicated) {
    const sql = await connect(target.adminUrl);
    await sql.query("UPDATE tenants SET placement_state = 'active' WHERE id = $1", [tenantId]).finally(() => sql.end());
  }
  await cp.query(
    `UPDATE tenants SET placement = $2, server = $3, database_name = $4, placement_epoch = $5, placement_state = 'active' WHERE id = $1`,
    [tenantId, target.dedicated ? "dedicated" : "shared", target.dedicated?.server ?? null, target.dedicated?.name ?? null, epoch],
  );
  await cp.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
}

/** Deletes what the tenant left in the source (a dedicated source is dropped whole), then proves nothing is left. */
async function removeLeftBehind(controlPlaneAdminUrl: string, source: Side, tenantId: string): Promise<void> {
  if (source.dedicated) {
    await dropDatabase(controlPlaneAdminUrl, source.dedicated.host, source.dedicated.name);
    return;
  }
  const sql = await connect(source.adminUrl);
  try {
    await sql.query("BEGIN");
    for (const table of [...TENANT_TABLES].reverse()) await sql.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    await sql.query("COMMIT");
    const left = [];
    for (const table of TENANT_TABLES) {
      const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]);
      if (rows[0].n > 0) left.push(`${table}: ${rows[0].n}`);
    }
    if (left.length) throw new Error(`Rows were left in the shared database: ${left.join(", ")}.`);
  } finally {
    await sql.end();
  }
}
