import { env } from "@/lib/env";
import type { Actor } from "@/lib/events/actor";
import { eventInsert, eventRow, type EventRow } from "@/lib/events/record-event";
import { controlPlane, type ControlPlanePool, type ControlPlaneSql } from "@/lib/tenancy/db/control-plane-pool";
import { appendToDedicatedLog } from "@/lib/tenancy/db/dedicated-event-log";
import { TtlCache } from "@/lib/ttl-cache";
import { insertDemoData } from "./demo-data";
import { tenantSchema, type Tenant } from "./tenant";

const COLUMNS = `id, slug, name, status, plan, (SELECT statement_timeout_ms FROM plans WHERE plans.id = tenants.plan) AS "statementTimeoutMs", placement, placement_epoch::int AS "placementEpoch", placement_state AS "placementState",
  CASE WHEN placement = 'dedicated' THEN json_build_object('server', server, 'name', database_name, 'appUrlEnv', directory.server_app_url_env(server)) END AS database,
  status_changed_by AS "statusChangedBy", directory.support_access(id) AS "supportAccess"`;

const globalForTenants = globalThis as unknown as { tenantDirectory?: TtlCache<Tenant | null> };

// Each instance remembers slug → tenant for TENANTRY_TENANT_CACHE_MS: every request names its
// tenant, and the answer rarely changes. When one does (a suspension, a closing), every instance
// hears of it at commit and forgets everything it remembers: changes are rare, and a miss costs
// one query.
function cache(): TtlCache<Tenant | null> {
  if (!globalForTenants.tenantDirectory) {
    const tenants = new TtlCache<Tenant | null>(env().TENANTRY_TENANT_CACHE_MS);
    controlPlane().onTenantChange(() => tenants.clear());
    globalForTenants.tenantDirectory = tenants;
  }
  return globalForTenants.tenantDirectory;
}

/** Forgets what this instance remembers of tenants (after a change it made itself). */
export function forgetTenants(): void {
  globalForTenants.tenantDirectory?.clear(); // none yet (the CLI): nothing to forget, and no pool to open
}

/** A tenant as the directory reads it, uncached: on the control plane, or on a connection of the caller's (tests). */
export async function findTenant(where: "slug = $1" | "id = $1", value: string, sql: ControlPlaneSql = controlPlane()): Promise<Tenant | null> {
  const { rows } = await sql.query(`SELECT ${COLUMNS} FROM tenants WHERE ${where}`, [value]);
  return rows[0] ? tenantSchema.parse(rows[0]) : null;
}

export function tenantBySlug(slug: string): Promise<Tenant | null> {
  return cache().get(`slug:${slug}`, () => findTenant("slug = $1", slug));
}

export function tenantById(id: string): Promise<Tenant | null> {
  return cache().get(`id:${id}`, () => findTenant("id = $1", id));
}

/** The workspace that left this address less than its grace period ago (its old links still lead there). */
export function tenantByFormerSlug(slug: string): Promise<Tenant | null> {
  return cache().get(`former:${slug}`, async () => {
    const { rows } = await controlPlane().query<{ id: string | null }>("SELECT directory.former_slug_tenant($1) AS id", [slug]);
    return rows[0].id ? findTenant("id = $1", rows[0].id) : null;
  });
}

/**
 * Whether a workspace has this address, or a deleted one had it (its tombstone keeps it), asked
 * afresh (this instance may remember it as free).
 */
export async function isSlugTaken(slug: string): Promise<boolean> {
  const { rows } = await controlPlane().query<{ taken: boolean }>("SELECT directory.slug_in_use($1) AS taken", [slug]);
  return rows[0].taken;
}

/** The tenant a verified custom domain serves. */
export function tenantByDomain(hostname: string): Promise<Tenant | null> {
  return cache().get(`domain:${hostname}`, async () => {
    const { rows } = await controlPlane().query<{ id: string | null }>("SELECT directory.domain_tenant($1) AS id", [hostname]);
    return rows[0].id ? findTenant("id = $1", rows[0].id) : null;
  });
}

export type NewOwner = { userId: string; name: string } | { email: string; name: string; passwordHash: string };

/** Records one event in the tenant's log from outside any tenant request (a sign-in, say). */
export async function recordTenantEvent(tenantId: string, row: EventRow): Promise<void> {
  await controlPlane().transaction(async (sql, bindTenant) => {
    await bindTenant(tenantId);
    await insertEvent(sql, row);
  });
}

/**
 * Records an event in a control-plane transaction that has bound the tenant, in the tenant's log.
 * A shared tenant's log is in this database: the event commits with the change, and the placement
 * epoch bound beside the tenant has the database refuse it if the tenant moved away meanwhile. A
 * dedicated tenant's log is in its own database: the event is committed there first, with the
 * database's copy of the tenant's row as the change leaves it (a change that then fails to commit
 * leaves a record of the attempt; never a change without its event).
 */
export async function insertEvent(sql: ControlPlaneSql, row: EventRow) {
  const { rows } = await sql.query(`SELECT ${COLUMNS}, to_jsonb(tenants) AS "directoryRow" FROM tenants WHERE id = current_setting('app.tenant_id')::uuid`);
  const tenant = tenantSchema.parse(rows[0]);
  if (tenant.placement === "dedicated") return appendToDedicatedLog(tenant, row, rows[0].directoryRow);
  await sql.query("SELECT set_config('app.placement_epoch', $1, true)", [String(tenant.placementEpoch)]);
  await sql.query(...eventInsert(row));
}

/**
 * Creates a company in one transaction: its tenant, its first user (unless an existing one is
 * given), and, with the new tenant bound, that user's owner membership and the events that say
 * so; optionally its plan (a plan that does not exist fails it) and demo data to try it with. A
 * taken slug or email fails the whole transaction with Postgres's unique violation.
 */
export async function provisionTenant(
  input: { slug: string; name: string; owner: NewOwner; createdBy?: Actor; plan?: string; demoData?: boolean },
  pool: ControlPlanePool = controlPlane(),
): Promise<{ tenantId: string; userId: string }> {
  return pool.transaction(async (sql, bindTenant) => {
    const tenant = await sql.query<{ id: string }>("SELECT directory.create_tenant($1, $2) AS id", [input.slug, input.name]);
    const tenantId = tenant.rows[0].id;
    const { owner } = input;
    const userId =
      "userId" in owner
        ? owner.userId
        : (await sql.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id", [owner.email, owner.name, owner.passwordHash])).rows[0].id;
    await bindTenant(tenantId);
    await sql.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [userId]);
    const actor: Actor = input.createdBy ?? { kind: "user", id: userId, name: owner.name };
    await insertEvent(sql, eventRow("tenant.created", { slug: input.slug, name: input.name }, actor));
    await insertEvent(sql, eventRow("membership.created", { userId, name: owner.name, role: "owner" }, actor));
    if (input.plan && input.plan !== "free") await sql.query("SELECT directory.change_own_tenant_plan($1)", [input.plan]);
    if (input.demoData) await insertDemoData(sql);
    return { tenantId, userId };
  }).finally(() => cache().delete(`slug:${input.slug}`)); // this instance may remember the address as free
}
