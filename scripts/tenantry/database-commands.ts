// `tenantry migrate` and `tenantry seed`: the schema on every tenant database, and the demo data.
import { SingleBar } from "cli-progress";
import { Option, type Command } from "commander";
import pg from "pg";
import { ensureAppLogin, migrate, readMigrations } from "../migrate";
import { seed } from "../seed";
import { print } from "./command-helpers";
import type { CheckTarget } from "./check/context";
import { fleet, type FleetDatabase } from "./placements/fleet";
import { refreshLink } from "./placements/dedicated-database";

export type MigrationResult = { database: string; ok: boolean; applied: string[]; ms: number; error?: string };

/**
 * Migrates the shared database (the control plane) first, then every dedicated database, at most
 * `concurrency` at a time. A dedicated tenant is `migrating` while its database changes (its
 * requests get 503 tenant_migrating, never a half-changed schema), `failed` if that failed (the
 * same answer until a later run succeeds), and `active` again after. One failure stops nothing else.
 */
export async function migrateFleet(shared: CheckTarget, concurrency: number, onDone: (result: MigrationResult, total: number) => void = () => {}): Promise<MigrationResult[]> {
  const sharedResult = await migrateOne({ ...shared, tenant: null }, shared.adminUrl);
  if (!sharedResult.ok) {
    onDone(sharedResult, 1);
    return [sharedResult];
  }
  const dedicated = (await fleet(shared)).filter((d) => d.tenant);
  onDone(sharedResult, dedicated.length + 1);
  const results: MigrationResult[] = [sharedResult];
  let next = 0;
  const worker = async () => {
    while (next < dedicated.length) {
      const result = await migrateOne(dedicated[next++], shared.adminUrl);
      results.push(result);
      onDone(result, dedicated.length + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, dedicated.length) }, worker));
  return results;
}

async function migrateOne(target: FleetDatabase, controlPlaneAdminUrl: string): Promise<MigrationResult> {
  const started = performance.now();
  const mark = (state: string) => setPlacementState(controlPlaneAdminUrl, target.tenant!.id, state);
  try {
    const behind = target.tenant ? await isBehind(target.adminUrl) : true;
    if (target.tenant && behind) await mark("migrating");
    const applied = behind ? await migrate(target.adminUrl, () => {}) : [];
    await ensureAppLogin(target.adminUrl, target.appUrl);
    if (target.tenant && applied.length > 0) await refreshLink(target.adminUrl);
    if (target.tenant) await mark("active");
    return { database: target.name, ok: true, applied, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (target.tenant) await mark("failed").catch(() => {});
    return { database: target.name, ok: false, applied: [], ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Whether a database's schema is behind the code's (or it cannot tell: then it is migrated). */
async function isBehind(adminUrl: string): Promise<boolean> {
  const newest = (await readMigrations()).at(-1)?.name ?? "";
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT schema_version() AS name");
    return rows[0].name < newest;
  } catch {
    return true;
  } finally {
    await client.end();
  }
}

/** Only a `migrating`/`failed`/`active` change: a tenant that is `moving` is left to its move. */
async function setPlacementState(controlPlaneAdminUrl: string, tenantId: string, state: string): Promise<void> {
  const client = new pg.Client({ connectionString: controlPlaneAdminUrl });
  await client.connect();
  try {
    await client.query("UPDATE tenants SET placement_state = $2 WHERE id = $1 AND placement_state <> 'moving'", [tenantId, state]);
    await client.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
  } finally {
    await client.end();
  }
}

export function registerDatabaseCommands(program: Command, shared: () => CheckTarget) {
  program
    .command("migrate")
    .description("Apply pending migrations to the shared database, then to every dedicated database. A database that fails is reported and the rest go on; the exit code says whether all succeeded.")
    .option("--json", "print JSON")
    .addOption(new Option("--concurrency <n>", "dedicated databases migrated at once").default(4).argParser((v) => Math.max(1, Math.min(64, Number.parseInt(v, 10) || 1))))
    .action(async (options: { json?: boolean; concurrency: number }) => {
      const bar = options.json ? null : new SingleBar({ format: "migrating {bar} {value}/{total} databases", stream: process.stderr, noTTYOutput: false, notTTYSchedule: 5000 });
      bar?.start(1, 0);
      const results = await migrateFleet(shared(), options.concurrency, (_, total) => {
        bar?.setTotal(total);
        bar?.increment();
      }).finally(() => bar?.stop());
      const width = Math.max(10, ...results.map((r) => r.database.length));
      const text = results
        .map((r) => `${r.database.padEnd(width)} ${r.ok ? "ok    " : "FAILED"} ${String(r.ms).padStart(6)} ms  ${r.ok ? (r.applied.length ? `applied ${r.applied.join(", ")}` : "up to date") : r.error}`)
        .join("\n");
      const failed = results.filter((r) => !r.ok).length;
      print(options.json, results, `${text}\n${results.length} databases, ${failed} failed`);
      process.exitCode = failed === 0 ? 0 : 1;
    });

  program
    .command("seed")
    .description("Add the demo workspaces and accounts the README describes (idempotent: changes nothing that exists).")
    .action(async () => {
      await seed(shared().adminUrl, (line) => process.stdout.write(`${line}\n`));
    });
}
