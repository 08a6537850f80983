// `tenantry support …`: audited break-glass access to one tenant. A grant makes a database role
// for itself alone (NOLOGIN; only this operators' connection may SET ROLE to it), confined by a
// restrictive policy to the tenant it names until it expires or is revoked (migration
// 20261204010000). Granting, every use and revoking are audit events in the tenant's log, and the
// tenant's admins see a banner while a grant is active. Nothing in the app can turn it on.
import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import type { Command } from "commander";
import pg from "pg";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow } from "@/lib/events/record-event";
import { insertEvent } from "@/lib/directory/tenants";
import type { ControlPlanePool, ControlPlaneSql } from "@/lib/tenancy/db/control-plane-pool";
import { poolRunner, print } from "./command-helpers";

export type SupportGrant = {
  id: string;
  slug: string;
  tenantId: string;
  role: string;
  operator: string;
  reason: string;
  write: boolean;
  grantedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  state: "active" | "expired" | "revoked";
};

const SELECT_GRANTS = `
  SELECT g.id, t.slug, g.tenant_id AS "tenantId", g.role_name AS role, g.operator, g.reason, g.can_write AS write,
         g.granted_at AS "grantedAt", g.expires_at AS "expiresAt", g.revoked_at AS "revokedAt",
         CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked' WHEN g.expires_at <= now() THEN 'expired' ELSE 'active' END AS state
  FROM directory.support_grants g JOIN tenants t ON t.id = g.tenant_id`;

export const MAX_MINUTES = 480;

const operatorActor = (name: string): Actor => ({ kind: "operator", id: null, name });

/** Drops the roles of grants that have expired (a revoked grant's role is dropped when it is revoked). */
async function dropExpiredRoles(sql: ControlPlaneSql): Promise<void> {
  const { rows } = await sql.query<{ role: string }>(
    "SELECT role_name AS role FROM directory.support_grants g JOIN pg_roles r ON r.rolname = g.role_name WHERE g.expires_at <= now() OR g.revoked_at IS NOT NULL",
  );
  for (const { role } of rows) await sql.query(`DROP ROLE ${pg.escapeIdentifier(role)}`);
}

async function tenantOf(sql: ControlPlaneSql, slug: string): Promise<string> {
  const { rows } = await sql.query<{ id: string }>("SELECT id FROM tenants WHERE slug = $1", [slug]);
  if (!rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
  return rows[0].id;
}

/** Gives `operator` support access to `slug` for `minutes`, in one transaction with its audit event. */
export async function grantSupport(pool: ControlPlanePool, input: { slug: string; reason: string; minutes: number; write: boolean; operator: string }): Promise<SupportGrant> {
  const reason = input.reason.trim();
  if (reason.length < 1 || reason.length > 300) throw new TenancyError("invalid_request", "--reason is required: 1 to 300 characters, kept in the audit trail.");
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > MAX_MINUTES) throw new TenancyError("invalid_request", `--minutes is a whole number from 1 to ${MAX_MINUTES}.`);
  const id = await pool.transaction(async (sql, bindTenant) => {
    const tenantId = await tenantOf(sql, input.slug);
    await dropExpiredRoles(sql);
    const role = `tenantry_support_${randomBytes(6).toString("hex")}`;
    const quoted = pg.escapeIdentifier(role);
    const { rows: version } = await sql.query<{ n: number }>("SELECT current_setting('server_version_num')::int AS n");
    // Postgres 16 and later grant a new role to its creator without SET; ask for SET (not INHERIT:
    // the operators' connection never holds the grant's rights without assuming it).
    if (version[0].n >= 160000) await sql.query("SET LOCAL createrole_self_grant = 'set'");
    await sql.query(`CREATE ROLE ${quoted} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT`);
    if (version[0].n < 160000) await sql.query(`GRANT ${quoted} TO CURRENT_USER`);
    await sql.query(`GRANT tenantry_support TO ${quoted}`);
    if (input.write) await sql.query(`GRANT tenantry_support_write TO ${quoted}`);
    const { rows } = await sql.query<{ id: string; expiresAt: Date }>(
      `INSERT INTO directory.support_grants (tenant_id, role_name, operator, reason, can_write, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING id, expires_at AS "expiresAt"`,
      [tenantId, role, input.operator, reason, input.write, input.minutes],
    );
    await bindTenant(tenantId);
    await insertEvent(sql, eventRow("support.granted", { reason, write: input.write, expiresAt: rows[0].expiresAt.toISOString() }, operatorActor(input.operator)));
    await sql.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
    return rows[0].id;
  });
  return (await listSupport(pool, { all: true })).find((g) => g.id === id)!;
}

/** The grants: active ones, or with `all` every one kept (expired and revoked too), newest first. */
export async function listSupport(pool: ControlPlanePool, { all = false, slug }: { all?: boolean; slug?: string } = {}): Promise<SupportGrant[]> {
  await pool.transaction(dropExpiredRoles);
  const where = [all ? "true" : "g.revoked_at IS NULL AND g.expires_at > now()", slug ? "t.slug = $1" : "true"].join(" AND ");
  const { rows } = await pool.query<SupportGrant>(`${SELECT_GRANTS} WHERE ${where} ORDER BY g.granted_at DESC`, slug ? [slug] : []);
  return rows;
}

/** Ends every active grant on `slug` at once: revoked, its role dropped, one audit event. */
export async function revokeSupport(pool: ControlPlanePool, slug: string, operator: string): Promise<number> {
  return pool.transaction(async (sql, bindTenant) => {
    const tenantId = await tenantOf(sql, slug);
    const { rows } = await sql.query<{ role: string }>(
      "UPDATE directory.support_grants SET revoked_at = now(), revoked_by = $2 WHERE tenant_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING role_name AS role",
      [tenantId, operator],
    );
    if (rows.length === 0) return 0;
    await dropExpiredRoles(sql);
    await bindTenant(tenantId);
    await insertEvent(sql, eventRow("support.revoked", {}, operatorActor(operator)));
    await sql.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
    return rows.length;
  });
}

/**
 * Runs one SQL statement in `slug` as its active grant's role, bound to the tenant as the app
 * binds it: the grant's role decides what it may read or change, and its policy keeps it to this
 * tenant. The use is recorded first, in a transaction of its own, so a failed attempt is recorded too.
 */
export async function runAsSupport(pool: ControlPlanePool, slug: string, statement: string, operator: string): Promise<pg.QueryResult> {
  if (!statement.trim() || statement.length > 2000) throw new TenancyError("invalid_request", "Give one SQL statement of at most 2000 characters.");
  const [grant] = await listSupport(pool, { slug });
  if (!grant) throw new TenancyError("forbidden", `No active support grant on ${slug}: run tenantry support grant ${slug} --reason "…" first.`);
  await pool.transaction(async (sql, bindTenant) => {
    await bindTenant(grant.tenantId);
    await insertEvent(sql, eventRow("support.used", { statement }, operatorActor(operator)));
  });
  return pool.transaction(async (sql, bindTenant) => {
    await bindTenant(grant.tenantId);
    await sql.query(`SET LOCAL ROLE ${pg.escapeIdentifier(grant.role)}`);
    const result = (await sql.query(statement).catch((error: unknown) => {
      // The grant's role refusing, or a mistake in the statement: the operator's to fix (exit 1).
      if (error instanceof pg.DatabaseError) throw new TenancyError("invalid_request", `Refused (SQLSTATE ${error.code}): ${error.message}`);
      throw error;
    })) as pg.QueryResult;
    await sql.query("RESET ROLE");
    return result;
  });
}

export function registerSupportCommands(program: Command, adminUrl: () => string) {
  const withPool = poolRunner(adminUrl);
  const line = (g: SupportGrant) => `${g.slug}  ${g.write ? "read+write" : "read-only"}  ${g.operator}  until ${g.expiresAt.toISOString()}  ${g.state}  "${g.reason}"`;
  const as = (name?: string) => name ?? userInfo().username;

  const support = program.command("support").description("Audited, time-boxed break-glass access to one workspace's data.");

  support
    .command("grant <slug>")
    .description("Give an operator access to one workspace through a database role of its own, for a while; its admins see a banner until it ends.")
    .requiredOption("--reason <text>", "why (required, kept in the audit trail)")
    .option("--minutes <n>", `how long, 1–${MAX_MINUTES}`, "30")
    .option("--write", "allow changes too (default: read-only)")
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, options: { reason: string; minutes: string; write?: boolean; as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        const grant = await grantSupport(pool, { slug, reason: options.reason, minutes: Number(options.minutes), write: Boolean(options.write), operator: as(options.as) });
        print(options.json, grant, `granted: ${line(grant)}\nuse it with: tenantry support run ${slug} "SELECT …"`);
      }),
    );

  support
    .command("list")
    .description("Active grants (with --all, expired and revoked ones too).")
    .option("--all", "every grant kept")
    .option("--json", "print JSON")
    .action((options: { all?: boolean; json?: boolean }) =>
      withPool(async (pool) => {
        const grants = await listSupport(pool, { all: options.all });
        print(options.json, grants, grants.length ? grants.map(line).join("\n") : "No support grants.");
      }),
    );

  support
    .command("revoke <slug>")
    .description("End every active grant on a workspace now.")
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, options: { as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        const revoked = await revokeSupport(pool, slug, as(options.as));
        if (revoked === 0) throw new TenancyError("not_found", `No active support grant on ${slug}.`);
        print(options.json, { slug, revoked }, `revoked ${revoked} grant(s) on ${slug}`);
      }),
    );

  support
    .command("run <slug> <statement>")
    .description("Run one SQL statement in the workspace as its active grant (recorded in its audit trail first).")
    .option("--as <name>", "the operator's name in the audit trail (default: your login name)")
    .option("--json", "print JSON")
    .action((slug: string, statement: string, options: { as?: string; json?: boolean }) =>
      withPool(async (pool) => {
        const result = await runAsSupport(pool, slug, statement, as(options.as));
        const text = result.rows.length ? result.rows.map((r) => JSON.stringify(r)).join("\n") : `${result.command} ${result.rowCount ?? 0}`;
        print(options.json, { command: result.command, rowCount: result.rowCount, rows: result.rows }, text);
      }),
    );
}
