import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow } from "@/lib/events/record-event";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import { forgetTenants, insertEvent } from "./tenants";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An owner's change to their own workspace's row in the directory, on the app's connection bound
 * to it: `call` is a database function that changes the bound tenant alone, only while it is
 * active, and answers the old value (null: not active). The audit event goes in the same
 * transaction, only if the value really changed. Every app instance drops its directory cache at
 * commit; this one at once. Answers the old value.
 */
async function changeOwnTenant(tenantId: string, call: string, args: unknown[], to: string, type: "tenant.renamed" | "tenant.address_changed", actor: Actor): Promise<string> {
  const from = await controlPlane().transaction(async (sql, bindTenant) => {
    await bindTenant(tenantId);
    const { rows } = await sql.query<{ old: string | null }>(`SELECT ${call} AS old`, args);
    const old = rows[0].old;
    if (old === null) throw new TenancyError("tenant_suspended", "This workspace is suspended: it can be read, not changed.");
    if (old !== to) await insertEvent(sql, eventRow(type, { from: old, to }, actor));
    return old;
  });
  forgetTenants();
  return from;
}

/** Renames the workspace; its address stays. */
export async function renameWorkspace(tenantId: string, name: string, actor: Actor): Promise<void> {
  await changeOwnTenant(tenantId, "directory.rename_own_tenant($1)", [name], name, "tenant.renamed", actor);
}

/**
 * Moves the workspace to a new address (slug); the old one keeps leading here, and stays
 * reserved, for TENANTRY_SLUG_REDIRECT_DAYS. An address another workspace has, had or left
 * recently fails with Postgres's unique violation on tenants_slug_key, as at sign-up. Answers the
 * old address.
 */
export function changeWorkspaceAddress(tenantId: string, slug: string, actor: Actor): Promise<string> {
  const until = new Date(Date.now() + env().TENANTRY_SLUG_REDIRECT_DAYS * DAY_MS);
  return changeOwnTenant(tenantId, "directory.change_own_slug($1, $2)", [slug, until], slug, "tenant.address_changed", actor);
}
