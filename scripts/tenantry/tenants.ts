// `tenantry tenants …`: the directory of workspaces, and their lifecycle, from the command line.
// Lifecycle changes go through the same module as the settings page (lib/directory/lifecycle.ts),
// recorded as the operator, and every app instance drops its directory cache at commit.
import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { hashPassword } from "@/lib/auth/password";
import { changeLifecycle, LIFECYCLE_ACTIONS, provisionTenant, SLUG_PATTERN, type LifecycleAction } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";

type Row = { id: string; slug: string; name: string; status: string; plan: string; placement: string; members: number; created: string };

const SELECT_TENANTS = `
  SELECT t.id, t.slug, t.name, t.status::text, t.plan, t.placement,
         (SELECT count(*)::int FROM directory.memberships m WHERE m.tenant_id = t.id) AS members,
         to_char(t.created_at, 'YYYY-MM-DD') AS created
  FROM tenants t`;

/** A plain table for a terminal: columns padded to their widest cell. */
function table(rows: Record<string, unknown>[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c]))))].join("\n");
}

export function registerTenantCommands(program: Command, adminUrl: () => string) {
  const operator = (name?: string): Actor => ({ kind: "operator", id: null, name: name ?? userInfo().username });
  const withPool = async <T>(fn: (pool: ControlPlanePool) => Promise<T>): Promise<T> => {
    const pool = new ControlPlanePool(adminUrl(), 2);
    try {
      return await fn(pool);
    } finally {
      await pool.end();
    }
  };
  const find = async (pool: ControlPlanePool, slug: string): Promise<Row> => {
    const { rows } = await pool.query<Row>(`${SELECT_TENANTS} WHERE t.slug = $1`, [slug]);
    if (!rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    return rows[0];
  };
  const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text}\n`);

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
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, options: { name: string; ownerEmail: string; ownerName: string; ownerPassword?: string; as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        if (!SLUG_PATTERN.test(slug)) throw new TenancyError("invalid_request", "A workspace address is 3–40 lowercase letters, digits and dashes.");
        const taken = await pool.query("SELECT 1 FROM tenants WHERE slug = $1", [slug]);
        if (taken.rowCount) throw new TenancyError("invalid_request", `The address ${slug} is taken.`);
        // Someone who already has an account becomes the owner as they are; a new one gets a first password.
        const email = options.ownerEmail.toLowerCase();
        const existing = await pool.query<{ id: string; name: string }>("SELECT id, name FROM users WHERE email = $1", [email]);
        const password = existing.rows[0] ? null : (options.ownerPassword ?? randomBytes(12).toString("base64url"));
        const owner = existing.rows[0]
          ? { userId: existing.rows[0].id, name: existing.rows[0].name }
          : { email, name: options.ownerName, passwordHash: await hashPassword(password!) };
        const created = await provisionTenant({ slug, name: options.name, owner, createdBy: operator(options.as) }, pool);
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
}
