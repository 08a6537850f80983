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

/** The actions open to a workspace in `status` (what a settings page or the CLI may offer). */
export function actionsFrom(status: TenantStatus): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => (LIFECYCLE[action].from as readonly TenantStatus[]).includes(status));
}

/**
 * Takes the workspace through `action` as `actor`, in one transaction: the status (atomically
 * against a concurrent change; 409 invalid_transition if the workspace is not in a state it
 * leaves from) and its audit event. Every app instance drops its directory cache at commit.
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
    const { rows } = await sql.query<{ status: TenantStatus; by: string }>("SELECT status, status_changed_by AS by FROM tenants WHERE id = $1", [tenantId]);
    if (!rows[0]) throw new TenancyError("tenant_not_found");
    // A suspension an operator made (an unpaid bill, abuse) is lifted by an operator only.
    if (action === "resume" && rows[0].by === "operator" && actor.kind !== "operator") {
      throw new TenancyError("forbidden", "An operator suspended this workspace; only an operator can resume it.");
    }
    const by = actor.kind === "operator" ? "operator" : actor.kind === "user" ? "user" : "system";
    const changed = await sql.query<{ ok: boolean }>("SELECT directory.change_tenant_status($1, $2::tenant_status[], $3, $4) AS ok", [tenantId, step.from, step.to, by]);
    if (!changed.rows[0].ok) {
      throw new TenancyError("invalid_transition", `A workspace that is ${STATUS_WORDS[rows[0].status]} cannot be ${step.done}.`);
    }
    await bindTenant(tenantId);
    await insertEvent(sql, eventRow(step.event, { reason }, actor));
  });
  forgetTenants();
  return step.to;
}
