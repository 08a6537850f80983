import { z } from "zod";
import { TenancyError } from "./errors";

// The slug rule shared by resolution, sign-up and the database CHECK constraint.
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export const tenantSchema = z.object({
  id: z.uuid(),
  slug: z.string().regex(SLUG_PATTERN),
  name: z.string(),
  status: z.enum(["active", "suspended", "inactive"]),
  plan: z.string(),
});

/** What the rest of the app knows about the tenant a request acts for. */
export type Tenant = z.infer<typeof tenantSchema>;

/** A closed workspace answers 410 to everything. */
export function assertTenantOpen(tenant: Tenant): Tenant {
  if (tenant.status === "inactive") throw new TenancyError("tenant_inactive");
  return tenant;
}

/** A suspended workspace can still be read, but nothing in it may change (403 tenant_suspended). */
export function assertTenantWritable(tenant: Tenant): void {
  if (tenant.status === "suspended") throw new TenancyError("tenant_suspended", "This workspace is suspended: it can be read, not changed.");
}
