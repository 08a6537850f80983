import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow } from "@/lib/events/record-event";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import { forgetTenants, insertEvent } from "./tenants";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves the workspace to a new address (slug), on the app's connection bound to it, with its
 * audit event, in one transaction. The old address keeps leading here, and stays reserved, for
 * TENANTRY_SLUG_REDIRECT_DAYS. Every app instance drops its directory cache at commit. An
 * address another workspace has, had or left recently fails with Postgres's unique violation on
 * tenants_slug_key, as at sign-up.
 */
export async function changeWorkspaceAddress(tenantId: string, slug: string, actor: Actor): Promise<{ from: string; until: Date }> {
  const until = new Date(Date.now() + env().TENANTRY_SLUG_REDIRECT_DAYS * DAY_MS);
  try {
    const from = await controlPlane().transaction(async (sql, bindTenant) => {
      await bindTenant(tenantId);
      const { rows } = await sql.query<{ old: string | null }>("SELECT directory.change_own_slug($1, $2) AS old", [slug, until]);
      const old = rows[0].old;
      if (old === null) throw new TenancyError("tenant_suspended", "This workspace is suspended: it can be read, not changed.");
      if (old !== slug) await insertEvent(sql, eventRow("tenant.address_changed", { from: old, to: slug }, actor));
      return old;
    });
    return { from, until };
  } finally {
    forgetTenants();
  }
}
