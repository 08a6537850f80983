// `tenantry move <slug> --to shared|dedicated[:server]`: moves a tenant's rows to another
// placement while the app keeps serving it.
//
// The steps: make the target (a new dedicated database, or the shared one); set the tenant
// `copying`, from when every write to its rows notes the keys it touched in the source's change
// log (directory.move_changes); copy every row in one snapshot, with its ids (event ids too, so
// stream cursors stay valid); catch up, round by round, the rows written since, until a round is
// small; then freeze writes (`moving`: the app answers `503 tenant_moving` with Retry-After and
// the database refuses them too), apply the last round, verify per table the row count and a
// checksum inside the target's transaction, carry the target's event sequence past the tenant's
// ids, and switch the placement, raising its epoch, in one statement. Each state change waits for
// the writes that passed the fence under the state before (the fence's lock, taken exclusively).
// A write through an instance that still resolves the old placement is refused by the epoch
// check. On any failure before the switch the source stays authoritative and the target's copy
// is removed. After it, the rows left behind are deleted and a scan proves none remain.
//
// Why a change log read by the mover, not logical replication: a replication slot and
// subscription per move need superuser rights on both servers and wal_level=logical, and
// replication applies rows in commit order without telling the mover when it has caught up to a
// given snapshot; the log is plain SQL under the owner's rights, and its rounds end at snapshots
// the mover chose, which is what the verification and the switch need.
import pg from "pg";
import { TENANT_TABLE_KEYS, TENANT_TABLES, type TenantTable } from "@/lib/tenancy/db/tenant-tables";
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
// Catch-up rounds before the freeze: until one applies at most SMALL_ROUND changed rows, at most MAX_ROUNDS.
const SMALL_ROUND = 100;
const MAX_ROUNDS = 10;

// Both sides of a copy render timestamps alike (row checksums compare their text).
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
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
      log("copying (writes go on, noted for the catch-up)");
      await setState(cp, source, tenant.id, "copying");
      let { snapshot, copied } = await initialCopy(source, target, tenant.id, log);
      // Catch up until a round has little left (or enough rounds have run), so the frozen round is short.
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        const caught = await catchUp(source, target, tenant.id, snapshot, false);
        snapshot = caught.snapshot;
        log(`  catch-up round ${round}: ${caught.applied} changed rows`);
        if (caught.applied <= SMALL_ROUND) break;
      }
      if (failAfterCopy) throw new Error("failure injected after the copy (test)");
      log("freezing writes for the last round");
      frozenAt = performance.now();
      await setState(cp, source, tenant.id, "moving");
      const last = await catchUp(source, target, tenant.id, snapshot, true);
      copied = await countRows(target, tenant.id, copied);
      await switchPlacement(cp, target, tenant.id, epoch);
      switched = true;
      const windowMs = performance.now() - frozenAt;
      log(`last round: ${last.applied} changed rows; switched to ${there} (epoch ${epoch}); writes were refused for ${Math.round(windowMs)} ms`);
      await removeLeftBehind(controlPlaneAdminUrl, source, tenant.id);
      log("the source holds none of its rows");
      return { slug, from: here, to: there, epoch, rows: copied, totalMs: performance.now() - started, windowMs };
    } catch (error) {
      if (switched) throw error; // the target is authoritative now: the operator cleans the source
      await setState(cp, source, tenant.id, "active").catch(() => {});
      await removeCopy(controlPlaneAdminUrl, target, tenant.id).catch(() => {});
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
 * Sets the tenant's state in the directory (and in a dedicated source's own row, which its fence
 * and change log read), tells every instance, and then takes the fence's lock exclusively for a
 * moment: that waits for every write that passed the fence under the state before, so from here
 * on each write is noted (`copying`) or refused (`moving`).
 */
async function setState(cp: pg.Client, source: Side, tenantId: string, state: "active" | "copying" | "moving"): Promise<void> {
  await cp.query("UPDATE tenants SET placement_state = $2 WHERE id = $1", [tenantId, state]);
  await cp.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
  const sql = source.dedicated ? await connect(source.adminUrl) : cp;
  try {
    if (source.dedicated) await sql.query("UPDATE tenants SET placement_state = $2 WHERE id = $1", [tenantId, state]);
    // Back to active (a failed move): its change log goes.
    if (state === "active") return void (await sql.query("DELETE FROM directory.move_changes WHERE tenant_id = $1", [tenantId]));
    await sql.query("BEGIN");
    await sql.query("SET LOCAL lock_timeout = '10s'");
    await sql.query(LOCK, [tenantId]);
    await sql.query("COMMIT");
  } finally {
    if (source.dedicated) await sql.end();
  }
}

/** Rows per table of the tenant in the target, after the move. */
async function countRows(target: Side, tenantId: string, copied: Record<string, number>): Promise<Record<string, number>> {
  const sql = await connect(target.adminUrl);
  try {
    const counts: Record<string, number> = { ...(copied.users === undefined ? {} : { users: copied.users }) };
    for (const table of TENANT_TABLES) counts[table] = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0].n;
    return counts;
  } finally {
    await sql.end();
  }
}

/** A failed move's partial target: a dedicated one is dropped; rows copied into the shared database are deleted. */
async function removeCopy(controlPlaneAdminUrl: string, target: Side, tenantId: string): Promise<void> {
  if (target.dedicated) return dropDatabase(controlPlaneAdminUrl, target.dedicated.host, target.dedicated.name);
  const sql = await connect(target.adminUrl);
  try {
    await sql.query("BEGIN");
    for (const table of [...TENANT_TABLES].reverse()) await sql.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    await sql.query("COMMIT");
  } finally {
    await sql.end();
  }
}

/** The accounts the tenant's rows name: a dedicated database keeps copies (no password hashes) for its foreign keys. */
const REFERENCED_USERS = `SELECT to_jsonb(u) - 'password_hash' AS r FROM users u WHERE id IN (
  SELECT user_id FROM memberships WHERE tenant_id = $1
  UNION SELECT created_by FROM api_keys WHERE tenant_id = $1
  UNION SELECT invited_by FROM invitations WHERE tenant_id = $1)`;

/** One table's rows of the tenant, as JSON. */
const rowsOf = (table: string) => `SELECT to_jsonb(t) AS r FROM ${table} t WHERE tenant_id = $1`;
/**
 * Count and checksum of one table's rows of the tenant: the sum of a 64-bit hash of each row's
 * text, which needs no sort (the verification runs while writes are frozen) and changes with any
 * row's contents. Both sides render rows in UTC (see connect).
 */
const digestOf = (table: string) => `SELECT count(*)::int AS rows, coalesce(sum(hashtextextended(t::text, 0)), 0)::text AS sum FROM ${table} t WHERE tenant_id = $1`;

/** Inserts rows as they were (ids, timestamps and all); accounts already there are kept. */
async function insertRows(into: pg.Client, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const conflict = table === "users" ? " ON CONFLICT (id) DO NOTHING" : "";
  const overriding = table === "events" ? " OVERRIDING SYSTEM VALUE" : "";
  await into.query(`INSERT INTO ${table}${overriding} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)${conflict}`, [JSON.stringify(rows)]);
}

/** Opens a transaction on the source in one snapshot, and says which snapshot (for the change log). */
async function snapshotOf(from: pg.Client): Promise<string> {
  await from.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const { rows } = await from.query<{ snapshot: string }>("SELECT pg_current_snapshot()::text AS snapshot");
  return rows[0].snapshot;
}

/**
 * The first copy: every row of the tenant in one snapshot of the source (writes go on meanwhile,
 * noted in the change log), committed in the target at once. Returns that snapshot.
 */
async function initialCopy(source: Side, target: Side, tenantId: string, log: (line: string) => void): Promise<{ snapshot: string; copied: Record<string, number> }> {
  const from = await connect(source.adminUrl);
  const into = await connect(target.adminUrl);
  try {
    const snapshot = await snapshotOf(from);
    await into.query("BEGIN");
    const copied: Record<string, number> = {};
    const tables: [string, string][] = [...(target.dedicated ? [["users", REFERENCED_USERS] as [string, string]] : []), ...TENANT_TABLES.map((t) => [t, rowsOf(t)] as [string, string])];
    for (const [table, select] of tables) {
      await from.query(`DECLARE rows_of CURSOR FOR ${select}`, [tenantId]);
      let count = 0;
      for (;;) {
        const { rows } = await from.query<{ r: object }>(`FETCH ${BATCH} FROM rows_of`);
        if (rows.length === 0) break;
        await insertRows(into, table, rows.map((row) => row.r));
        count += rows.length;
      }
      await from.query("CLOSE rows_of");
      copied[table] = count;
      log(`  ${table}: ${count}`);
    }
    await into.query("COMMIT");
    await from.query("COMMIT");
    // A new database has no planner statistics until autovacuum gets to it: without them its first
    // reads may scan and sort instead of using the tenant's indexes. Before the cut-over, not in it.
    if (target.dedicated) await into.query(`ANALYZE ${tables.map(([table]) => table).join(", ")}`);
    return { snapshot, copied };
  } catch (error) {
    await into.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await Promise.all([from.end(), into.end()]);
  }
}

type TableShape = { columns: string[]; primaryKey: string[] };

/** A table's columns and primary key, from the target's catalog (both sides have the same schema). */
async function shapeOf(sql: pg.Client, table: string): Promise<TableShape> {
  const { rows } = await sql.query<{ name: string; pk: boolean }>(
    `SELECT a.attname AS name, coalesce(a.attnum = ANY(i.indkey), false) AS pk
     FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  return { columns: rows.map((r) => r.name), primaryKey: rows.filter((r) => r.pk).map((r) => r.name) };
}

/**
 * One catch-up round: the keys written by transactions the last snapshot did not see but this
 * one does, each row re-read in this snapshot and written to the target as it is (or deleted
 * there if it is gone). Parents are written before children and deleted after them. With
 * `verify`, the target's transaction commits only if every table's count and checksum match the
 * source's. Returns this round's snapshot and how many keys it applied.
 */
async function catchUp(source: Side, target: Side, tenantId: string, since: string, verify: boolean): Promise<{ snapshot: string; applied: number }> {
  const from = await connect(source.adminUrl);
  const into = await connect(target.adminUrl);
  try {
    const snapshot = await snapshotOf(from);
    const { rows: changes } = await from.query<{ table_name: TenantTable; keys: string[] }>(
      `SELECT table_name, array_agg(DISTINCT key) AS keys FROM directory.move_changes
       WHERE tenant_id = $1 AND pg_visible_in_snapshot(xid, $2::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $3::pg_snapshot)
       GROUP BY table_name`,
      [tenantId, snapshot, since],
    );
    const keysOf = new Map(changes.map((c) => [c.table_name, c.keys]));
    await into.query("BEGIN");
    const gone = new Map<TenantTable, string[]>();
    for (const table of TENANT_TABLES) {
      const keys = keysOf.get(table);
      if (!keys) continue;
      const key = TENANT_TABLE_KEYS[table];
      const { rows } = await from.query<{ r: Record<string, unknown> }>(`${rowsOf(table)} AND t.${key}::text = ANY($2::text[])`, [tenantId, keys]);
      const present = new Set(rows.map((row) => String(row.r[key])));
      gone.set(table, keys.filter((k) => !present.has(k)));
      if (rows.length === 0) continue;
      const shape = await shapeOf(into, table);
      const updates = shape.columns.filter((c) => !shape.primaryKey.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
      const overriding = table === "events" ? " OVERRIDING SYSTEM VALUE" : "";
      await into.query(
        `INSERT INTO ${table}${overriding} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
         ON CONFLICT (${shape.primaryKey.join(", ")}) DO UPDATE SET ${updates.join(", ")}`,
        [JSON.stringify(rows.map((row) => row.r))],
      );
    }
    for (const table of [...TENANT_TABLES].reverse()) {
      const keys = gone.get(table);
      if (keys?.length) await into.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND ${TENANT_TABLE_KEYS[table]}::text = ANY($2::text[])`, [tenantId, keys]);
    }
    if (verify) {
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
    }
    await into.query("COMMIT");
    await from.query("COMMIT");
    return { snapshot, applied: changes.reduce((n, c) => n + c.keys.length, 0) };
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
    await sql.query("DELETE FROM directory.move_changes WHERE tenant_id = $1", [tenantId]);
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
