// `tenantry check --self-test`: a check that cannot fail proves nothing. A scratch database is
// migrated like any other; the checks must pass on an untouched copy of it, and on a copy broken
// in each way of breaks.ts, the checks named for that break must fail.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../../migrate";
import { BREAKS, type Break } from "./breaks";
import { CHECKS } from "./catalogue";
import { connect, type CheckTarget } from "./context";
import { checkDatabase, failedChecks } from "./run-checks";

export type SelfTestResult = { name: string; mustFail: string[]; failed: string[]; proven: boolean };

function onDatabase(url: string, database: string, login?: { user: string; password: string }, options?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (login) Object.assign(u, { username: login.user, password: login.password });
  if (options) u.searchParams.set("options", options);
  return u.toString();
}

async function onServer(adminUrl: string, statement: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * Drops a scratch database once the checks' connections to it are gone. WITH (FORCE) alone is not
 * enough: a connection the checks just closed (as the app's login role) may still be exiting,
 * and the owner may not terminate another role's backend, so the drop would be refused.
 */
async function dropScratch(adminUrl: string, database: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [database]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Copies the scratch schema, applies `broken` with a login role of its own, runs every check. */
async function runOnCopy(target: CheckTarget, base: string, copy: string, broken: Break | null): Promise<string[]> {
  const login = { user: `${copy}_login`, password: randomBytes(12).toString("hex") };
  const id = pg.escapeIdentifier;
  await onServer(target.adminUrl, `CREATE DATABASE ${id(copy)} TEMPLATE ${id(base)}`);
  try {
    await onServer(target.adminUrl, `CREATE ROLE ${id(login.user)} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${login.password}'`);
    await onServer(target.adminUrl, `GRANT tenantry_app TO ${id(login.user)}`);
    if (broken) {
      // The names are made here of lowercase letters, digits and underscores: safe unquoted.
      const sql = broken.sql.replaceAll("{login}", login.user).replaceAll("{database}", copy);
      try {
        await onServer(onDatabase(target.adminUrl, copy), sql);
      } catch (error) {
        return [`(the break could not be made: ${(error as Error).message})`];
      }
    }
    const report = await checkDatabase({
      name: copy,
      adminUrl: onDatabase(target.adminUrl, copy),
      appUrl: onDatabase(target.appUrl, copy, login, broken?.appOptions),
    });
    return failedChecks(report).map((r) => r.id);
  } finally {
    await dropScratch(target.adminUrl, copy);
    await onServer(target.adminUrl, `DROP ROLE IF EXISTS ${id(`${login.user}_bypass`)}`);
    await onServer(target.adminUrl, `DROP ROLE IF EXISTS ${id(login.user)}`);
  }
}

/** The untouched copy first (it must pass every check), then one copy per break. */
export async function runSelfTest(target: CheckTarget, log: (line: string) => void = () => {}, breaks: Break[] = BREAKS): Promise<SelfTestResult[]> {
  const uncovered = CHECKS.filter((c) => !BREAKS.some((b) => b.mustFail.includes(c.id))).map((c) => c.id);
  if (uncovered.length > 0) throw new Error(`no break proves these checks can fail: ${uncovered.join(", ")}`);
  const base = `tenantry_selftest_${randomBytes(4).toString("hex")}`;
  await onServer(target.adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(base)}`);
  try {
    await migrate(onDatabase(target.adminUrl, base), () => {});
    const results: SelfTestResult[] = [];
    for (const [i, broken] of [null, ...breaks].entries()) {
      const failed = await runOnCopy(target, base, `${base}_${i}`, broken);
      const mustFail = broken?.mustFail ?? [];
      const proven = broken === null ? failed.length === 0 : mustFail.every((id) => failed.includes(id));
      const name = broken?.name ?? "the untouched schema";
      log(`${proven ? "proven" : "NOT PROVEN"}  ${name}: ${failed.length === 0 ? "every check passes" : `fails ${failed.join(", ")}`}`);
      results.push({ name, mustFail, failed, proven });
    }
    return results;
  } finally {
    await dropScratch(target.adminUrl, base);
  }
}

export function selfTestReport(results: SelfTestResult[]): string {
  const proven = results.filter((r) => r.proven).length;
  const lines = results
    .filter((r) => !r.proven)
    .map((r) => `NOT PROVEN: ${r.name}: expected ${r.mustFail.join(", ") || "no failure"}, failed ${r.failed.join(", ") || "nothing"}`);
  return [...lines, `self-test: ${proven} of ${results.length} proven (${CHECKS.length} checks, ${results.length - 1} breaks)`, ""].join("\n");
}
