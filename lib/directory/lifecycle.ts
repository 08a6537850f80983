import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import type { EventType } from "@/lib/events/catalog";
import { eventRow } from "@/lib/events/record-event";
import { controlPlane, type ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";
import type { TenantStatus } from "./tenant";
import { forgetTenants, insertEvent } from "./tenants";

// A workspace's lifecycle, in one table: which status each action leaves from, where it goes, and
// the event that records it. Suspended: read-only, for its members and in the database itself;
// closed (`inactive`): 410 to everything. Transient states (exporting, moving) join here.
export const LIFECYCLE = {
  suspend: { from: ["active"], to: "suspended", event: "tenant.suspended", done: "suspended" },
  resume: { from: ["suspended"], to: "active", event: "tenant.resumed", done: "resumed" },
  close: { from: ["active", "suspended"], to: "inactive", event: "tenant.closed", done: "closed" },
} as const satisfies Record<string, { from: readonly TenantStatus[]; to: TenantStatus; event: EventType; done: string }>;

export type LifecycleAction = keyof typeof LIFECYCLE;
export const LIFECYCLE_ACTIONS = Object.keys(LIFECYCLE) as LifecycleAction[];

const STATUS_WORDS: Record<TenantStatus, string> = { active: "active", suspended: "suspended", inactive: "closed" };

const refused = (status: TenantStatus, done: string) => new TenancyError("invalid_transition", `A workspace that is ${STATUS_WORDS[status]} cannot be ${done}.`);

/** The actions open to a workspace in `status` (what a settings page or the CLI may offer). */
export function actionsFrom(status: TenantStatus): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => (LIFECYCLE[action].from as readonly TenantStatus[]).includes(status));
}

/**
 * Takes the workspace through `action` as `actor`, in one transaction: the status (under a row
 * lock; 409 invalid_transition if the workspace is not in a state it leaves from) and its audit
 * event. An operator (the CLI, on the owner's connection) may act on any tenant; everyone else
 * acts through the app's connection on the bound tenant alone, where the database enforces the
 * owner's transitions and keeps an operator's suspension for operators to lift. Every app
 * instance drops its directory cache at commit.
 */
export async function changeLifecycle(
  tenantId: string,
  action: LifecycleAction,
  actor: Actor,
  reason: string | null = null,
  pool: ControlPlanePool = controlPlane(),
): Promise<TenantStatus> {
  const step = LIFECYCLE[action];
  await pool.transaction(async (sql, bindTenant) => {
    if (actor.kind === "operator") {
      // The operators' connection: any tenant, row locked, then the move if its status allows.
      const { rows } = await sql.query<{ status: TenantStatus }>("SELECT status FROM tenants WHERE id = $1 FOR UPDATE", [tenantId]);
      if (!rows[0]) throw new TenancyError("tenant_not_found");
      const changed = await sql.query<{ ok: boolean }>("SELECT directory.change_tenant_status($1, $2::tenant_status[], $3, 'operator') AS ok", [tenantId, step.from, step.to]);
      if (!changed.rows[0].ok) throw refused(rows[0].status, step.done);
      await bindTenant(tenantId);
    } else {
      // The app's connection: only the bound tenant, and the database checks the owner's rules.
      await bindTenant(tenantId);
      const { rows } = await sql.query<{ result: string }>("SELECT directory.change_own_tenant_status($1::tenant_status[], $2) AS result", [step.from, step.to]);
      const { result } = rows[0];
      if (result === "operator") throw new TenancyError("forbidden", "An operator suspended this workspace; only an operator can resume it.");
      if (result !== "ok") throw refused(result as TenantStatus, step.done);
    }
    await insertEvent(sql, eventRow(step.event, { reason }, actor));
  });
  forgetTenants();
  return step.to;
}

/**
 * An owner deletes the workspace: it closes at once for everyone, and is due for erasure after
 * TENANTRY_DELETION_GRACE_DAYS, when an operator's `tenantry tenants delete --due` exports and
 * erases it (the app's role can erase nothing). One transaction with its audit event; the
 * database checks the tenant is bound and open. Answers when it is due.
 */
export async function scheduleDeletion(tenantId: string, actor: Actor, reason: string | null, graceDays: number, pool: ControlPlanePool = controlPlane()): Promise<Date> {
  const due = new Date(Date.now() + graceDays * 86_400_000);
  await pool.transaction(async (sql, bindTenant) => {
    await bindTenant(tenantId);
    const { rows } = await sql.query<{ result: string }>("SELECT directory.schedule_own_tenant_deletion($1) AS result", [due]);
    if (rows[0].result !== "ok") throw refused(rows[0].result as TenantStatus, "deleted");
    await insertEvent(sql, eventRow("tenant.deletion_scheduled", { reason, due: due.toISOString() }, actor));
  });
  forgetTenants();
  return due;
}
