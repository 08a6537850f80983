// `tenantry tenants …`: the directory of workspaces, and their lifecycle, from the command line.
// Lifecycle changes go through the same module as the settings page (lib/directory/lifecycle.ts),
// recorded as the operator, and every app instance drops its directory cache at commit.
import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import path from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { hashPassword } from "@/lib/auth/password";
import { changeLifecycle, changePlan, LIFECYCLE_ACTIONS, listPlans, provisionTenant, QUOTA_RESOURCES, type QuotaResource, SLUG_PATTERN, type LifecycleAction } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import type { ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";
import { poolRunner, print } from "./command-helpers";
import { eraseTenant } from "./portability/erase";
import { exportTenant } from "./portability/export";
import { restoreTenant } from "./portability/restore";

type Row = { id: string; slug: string; name: string; status: string; plan: string; placement: string; members: number; created: string; deletionDue: string };

const SELECT_TENANTS = `
  SELECT t.id, t.slug, t.name, t.status::text, t.plan, t.placement,
         (SELECT count(*)::int FROM directory.memberships m WHERE m.tenant_id = t.id) AS members,
         to_char(t.created_at, 'YYYY-MM-DD') AS created,
         coalesce(to_char(t.deletion_due_at, 'YYYY-MM-DD'), '-') AS "deletionDue"
  FROM tenants t`;

/** A plain table for a terminal: columns padded to their widest cell. */
function table(rows: Record<string, unknown>[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c]))))].join("\n");
}

export function registerTenantCommands(program: Command, adminUrl: () => string) {
  const operator = (name?: string): Actor => ({ kind: "operator", id: null, name: name ?? userInfo().username });
  const withPool = poolRunner(adminUrl);
  const find = async (pool: ControlPlanePool, slug: string): Promise<Row> => {
    const { rows } = await pool.query<Row>(`${SELECT_TENANTS} WHERE t.slug = $1`, [slug]);
    if (!rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    return rows[0];
  };

  const tenants = program.command("tenants").description("List, create, suspend, resume and close workspaces.");

  tenants
    .command("list")
    .description("Every workspace, by address.")
    .option("--status <status>", "only workspaces in this status (active, suspended, inactive)")
    .option("--json", "print JSON")
    .action((options: { status?: string; json?: boolean }) =>
      withPool(async (pool) => {
        const where = options.status ? " WHERE t.status::text = $1" : "";
        const { rows } = await pool.query<Row>(`${SELECT_TENANTS}${where} ORDER BY t.slug`, options.status ? [options.status] : []);
        print(options.json, rows, rows.length ? table(rows, ["slug", "name", "status", "plan", "placement", "members", "created"]) : "No workspaces.");
      }),
    );

  tenants
    .command("show <slug>")
    .description("One workspace: its directory entry and where its data lives.")
    .option("--json", "print JSON")
    .action((slug: string, options: { json?: boolean }) =>
      withPool(async (pool) => {
        const row = await find(pool, slug);
        print(options.json, row, Object.entries(row).map(([k, v]) => `${k.padEnd(10)} ${v}`).join("\n"));
      }),
    );

  tenants
    .command("create <slug>")
    .description("Create a workspace and its owner in one transaction. A new owner's first password is printed once unless given; an existing account becomes the owner as it is.")
    .requiredOption("--name <name>", "the company's name")
    .requiredOption("--owner-email <email>", "the owner's email")
    .requiredOption("--owner-name <name>", "the owner's name")
    .option("--owner-password <password>", "the owner's password (default: made up and printed once)")
    .option("--plan <plan>", "its plan (see tenantry plans)", "free")
    .option("--demo-data", "add a few projects and people to try it with")
    .option("--reuse-slug", "give the workspace an address a deleted one had (its tombstone is removed)")
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, options: { name: string; ownerEmail: string; ownerName: string; ownerPassword?: string; plan: string; demoData?: boolean; reuseSlug?: boolean; as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        if (!SLUG_PATTERN.test(slug)) throw new TenancyError("invalid_request", "A workspace address is 3–40 lowercase letters, digits and dashes.");
        const plans = await listPlans(pool);
        if (!plans.some((p) => p.id === options.plan)) throw new TenancyError("invalid_request", `No plan is called ${options.plan}. One of: ${plans.map((p) => p.id).join(", ")}.`);
        const taken = await pool.query("SELECT 1 FROM tenants WHERE slug = $1", [slug]);
        if (taken.rowCount) throw new TenancyError("invalid_request", `The address ${slug} is taken.`);
        const tombstone = await pool.query("SELECT 1 FROM directory.tombstones WHERE slug = $1", [slug]);
        if (tombstone.rowCount && !options.reuseSlug) throw new TenancyError("invalid_request", `The address ${slug} belonged to a deleted workspace: pass --reuse-slug to give it to a new one.`);
        if (tombstone.rowCount) await pool.query("DELETE FROM directory.tombstones WHERE slug = $1", [slug]);
        // Someone who already has an account becomes the owner as they are; a new one gets a first password.
        const email = options.ownerEmail.toLowerCase();
        const existing = await pool.query<{ id: string; name: string }>("SELECT id, name FROM users WHERE email = $1", [email]);
        const password = existing.rows[0] ? null : (options.ownerPassword ?? randomBytes(12).toString("base64url"));
        const owner = existing.rows[0]
          ? { userId: existing.rows[0].id, name: existing.rows[0].name }
          : { email, name: options.ownerName, passwordHash: await hashPassword(password!) };
        const created = await provisionTenant({ slug, name: options.name, owner, createdBy: operator(options.as), plan: options.plan, demoData: options.demoData }, pool);
        const shown = password && !options.ownerPassword ? { ownerPassword: password } : {};
        const note = existing.rows[0] ? `\nthe owner is the existing account ${email}` : "ownerPassword" in shown ? `\nthe owner's password, shown once: ${password}` : "";
        print(options.json, { ...created, slug, ...shown }, `created ${slug} (${created.tenantId})${note}`);
      }),
    );

  for (const action of LIFECYCLE_ACTIONS) {
    tenants
      .command(`${action} <slug>`)
      .description(`${action[0].toUpperCase()}${action.slice(1)} a workspace (recorded in its audit trail; takes effect on every instance at once).`)
      .option("--reason <text>", "why, for the audit trail")
      .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
      .option("--json", "print JSON")
      .action((slug: string, options: { reason?: string; as?: string; json?: boolean }) =>
        withPool(async (pool) => {
          const tenant = await find(pool, slug);
          const status = await changeLifecycle(tenant.id, action as LifecycleAction, operator(options.as), options.reason ?? null, pool);
          print(options.json, { slug, status }, `${slug} is now ${status}`);
        }),
      );
  }

  tenants
    .command("plan <slug> <plan>")
    .description("Move a workspace to another plan (recorded in its audit trail). Refused if its usage does not fit the plan's limits.")
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, plan: string, options: { as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        const tenant = await find(pool, slug);
        const { from, to } = await changePlan(tenant.id, plan, operator(options.as), pool);
        print(options.json, { slug, from, to: to.id }, from === to.id ? `${slug} is already on ${to.id}` : `${slug} moved from ${from} to ${to.id}`);
      }),
    );

  program
    .command("plans")
    .description("The plans, their limits (from the plans table) and how many workspaces are on each.")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      withPool(async (pool) => {
        const plans = await listPlans(pool);
        const counts = await pool.query<{ plan: string; tenants: number }>("SELECT plan, count(*)::int AS tenants FROM tenants GROUP BY plan");
        const on = new Map(counts.rows.map((r) => [r.plan, r.tenants]));
        const limit = (n: number | null) => (n === null ? "-" : String(n));
        const rows = plans.map((p) => ({
          plan: p.id,
          name: p.name,
          ...Object.fromEntries((Object.keys(QUOTA_RESOURCES) as QuotaResource[]).map((r) => [r, limit(p.limits[r])])),
          "requests/month": limit(p.apiRequestsPerMonth),
          "requests/minute": limit(p.apiRequestsPerMinute),
          workspaces: on.get(p.id) ?? 0,
        }));
        const json = plans.map((p) => ({ ...p, workspaces: on.get(p.id) ?? 0 }));
        print(options.json, json, `${table(rows, Object.keys(rows[0]))}
(- is no limit)`);
      }),
    );

  tenants
    .command("export <slug>")
    .description("Write the workspace's complete data (every tenant table, its members' accounts, keys as hashes, the event log) to one JSON-lines file, gzip if it ends in .gz.")
    .option("--out <file>", "where to write (default: <slug>-<date>.jsonl.gz)")
    .option("--json", "print JSON")
    .action((slug: string, options: { out?: string; json?: boolean }) =>
      withProgress(options.json, "exporting", async (tick) => {
        const file = options.out ?? defaultExportFile(slug);
        const { tables, header } = await exportTenant(adminUrl(), slug, file, tick);
        const rows = Object.values(tables).reduce((sum, t) => sum + t.rows, 0);
        print(options.json, { file, schema: header.schema, tables }, `wrote ${rows} rows of ${slug} to ${file}\n${table(Object.entries(tables).map(([name, t]) => ({ table: name, ...t })), ["table", "rows", "sha256"])}`);
      }),
    );

  tenants
    .command("restore <file>")
    .description("Restore an export as a workspace on this database, in one transaction, checked against the file's manifest; refused if it comes from another schema version.")
    .option("--slug <slug>", "restore it under another address")
    .option("--status <status>", "the status to restore it in (default: as exported): active, suspended or inactive")
    .option("--json", "print JSON")
    .action((file: string, options: { slug?: string; status?: "active" | "suspended" | "inactive"; json?: boolean }) =>
      withProgress(options.json, "restoring", async (tick) => {
        if (options.status && !["active", "suspended", "inactive"].includes(options.status)) throw new TenancyError("invalid_request", "--status is one of: active, suspended, inactive.");
        const restored = await restoreTenant(adminUrl(), file, options, tick);
        print(options.json, restored, `restored ${restored.slug} (${restored.tenantId}): ${Object.entries(restored.rows).map(([t, n]) => `${n} ${t}`).join(", ")}`);
      }),
    );

  /** Exports (unless told not to) and erases one closed workspace; prints the erasure report. */
  const deleteOne = async (slug: string, options: { exportTo?: string; exportDir?: string; export: boolean; as?: string; json?: boolean }, tick: (rows: number) => void) => {
    let file: string | null = null;
    if (options.export) {
      const status = await withPool(async (pool) => (await find(pool, slug)).status);
      if (status !== "inactive") throw new TenancyError("invalid_transition", `Close ${slug} first: only a closed workspace can be deleted (it is ${status}).`);
      file = options.exportTo ?? path.join(options.exportDir ?? ".", defaultExportFile(slug));
      await exportTenant(adminUrl(), slug, file, tick);
    }
    const report = await eraseTenant(adminUrl(), slug, operator(options.as).name ?? "operator");
    const removed = Object.entries(report.removed).map(([t, n]) => ({ table: t, removed: n }));
    const text = [
      file ? `exported to ${file}` : "no export written (--no-export)",
      `erased ${slug} (${report.tenantId})`,
      table(removed, ["table", "removed"]),
      `scanned ${report.scanned.length} tables with a tenant_id column: ${report.remaining} rows remaining${report.remaining ? " — NOTHING WAS ERASED (rolled back)" : ""}`,
      ...report.scanned.filter((t) => t.remaining > 0).map((t) => `  ${t.table}: ${t.remaining} rows REMAIN`),
      ...(report.database
        ? [`dedicated database ${report.database.name} on ${report.database.server}: ${report.database.dropped ? "dropped" : "STILL THERE — NOTHING WAS ERASED (rolled back)"}`]
        : []),
    ].join("\n");
    if (report.remaining > 0 || report.database?.dropped === false) process.exitCode = 1;
    return { report: { ...report, export: file }, text };
  };

  tenants
    .command("delete [slug]")
    .description(
      "Erase a closed workspace: an export first (unless --no-export), every row in every tenant table (a dedicated workspace's whole database), its directory entry (a tombstone stays), then a scan of every tenant_id column proving none is left. Exits 1 if any row remains. With --due, every workspace whose owner deleted it and whose grace period has passed.",
    )
    .option("--due", "erase every workspace due for erasure (deleted by its owner, grace period over)")
    .option("--export-to <file>", "where the export goes first (default: <slug>-<date>.jsonl.gz)")
    .option("--export-dir <dir>", "with --due (or instead of --export-to): the folder each export is written to (default: the current one)")
    .option("--no-export", "erase without writing an export first")
    .option("--as <name>", "the operator's name on the tombstone (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string | undefined, options: { due?: boolean; exportTo?: string; exportDir?: string; export: boolean; as?: string; json?: boolean }) =>
      withProgress(options.json, "exporting", async (tick) => {
        if (Boolean(slug) === Boolean(options.due)) throw new TenancyError("invalid_request", "Name one workspace, or pass --due (not both).");
        if (slug) {
          const { report, text } = await deleteOne(slug, options, tick);
          print(options.json, report, text);
          return;
        }
        if (options.exportTo) throw new TenancyError("invalid_request", "--export-to names one file: with --due each workspace gets its own (<slug>-<date>.jsonl.gz).");
        const due = await withPool((pool) => pool.query<{ slug: string }>("SELECT slug FROM tenants WHERE status = 'inactive' AND deletion_due_at <= now() ORDER BY deletion_due_at, slug"));
        const reports = [];
        const texts = [];
        for (const { slug: next } of due.rows) {
          const { report, text } = await deleteOne(next, options, tick);
          reports.push(report);
          texts.push(text);
        }
        print(options.json, reports, texts.length ? texts.join("\n\n") : "No workspace is due for erasure.");
      }),
    );
}

function defaultExportFile(slug: string): string {
  return `${slug}-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}.jsonl.gz`;
}

/** Runs `fn` with a progress bar on stderr (rows so far) when a person is watching; none for --json or a pipe. */
async function withProgress<T>(json: boolean | undefined, label: string, fn: (tick: (rows: number) => void) => Promise<T>): Promise<T> {
  if (json || !process.stderr.isTTY) return fn(() => {});
  const bar = new SingleBar({ format: `${label} {value} rows`, stream: process.stderr, noTTYOutput: false });
  bar.start(0, 0);
  try {
    return await fn((rows) => bar.update(rows));
  } finally {
    bar.stop();
  }
}
