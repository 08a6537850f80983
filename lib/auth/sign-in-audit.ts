import { recordTenantEvent, workspacesOf, type Tenant, type User } from "@/lib/directory";
import { eventRow } from "@/lib/events/record-event";
import { clientAddress } from "@/lib/security/client-address";

/**
 * Puts a password sign-in made at a workspace's address in that workspace's audit log: a member's
 * success under their name, a failure (or a refusal for too many attempts) with the address that
 * was tried. A success of someone who is not a member is not the workspace's business, and a
 * sign-in on the root domain names no workspace.
 */
export async function auditSignIn(tenant: Tenant | null, email: string, outcome: User | "throttled" | null, headers: Headers): Promise<void> {
  if (!tenant) return;
  const origin = { ip: clientAddress(headers), userAgent: headers.get("user-agent") };
  if (outcome && outcome !== "throttled") {
    if (!(await workspacesOf(outcome.id)).some((w) => w.tenantId === tenant.id)) return;
    await recordTenantEvent(tenant.id, eventRow("auth.signed_in", { email: outcome.email }, { kind: "user", id: outcome.id, name: outcome.name, ...origin }));
    return;
  }
  await recordTenantEvent(tenant.id, eventRow("auth.sign_in_failed", { email: email.slice(0, 320), throttled: outcome === "throttled" }, { kind: "user", id: null, name: null, ...origin }));
}
