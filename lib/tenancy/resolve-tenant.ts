import { parseHost, requestHost, rootDomain } from "./host";
import type { Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";

export type Resolution =
  | { kind: "root" }
  | { kind: "tenant"; tenant: Tenant }
  | { kind: "not_found"; slug: string | null };

/** Decides which tenant, if any, a request is for. The proxy calls this once per request. */
export async function resolveTenant(headers: Headers): Promise<Resolution> {
  const target = parseHost(requestHost(headers), rootDomain());
  if (target.kind === "root") return { kind: "root" };
  if (target.kind === "unknown") return { kind: "not_found", slug: null };
  const tenant = await tenantDatabase().findTenantBySlug(target.slug);
  return tenant ? { kind: "tenant", tenant } : { kind: "not_found", slug: target.slug };
}
