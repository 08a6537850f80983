import { databaseRegistry } from "../db/database-registry";
import type { TenantContext } from "../pipeline";

/** The context's tenant's export, as the app reads it (row-level security keeps it to the tenant). */
export function workspaceExport(ctx: TenantContext): ReadableStream<Uint8Array> {
  return databaseRegistry().exportFor(ctx.tenant);
}
