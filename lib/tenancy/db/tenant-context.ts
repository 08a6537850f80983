import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a statement is bound with, all in the one round trip that binds it: the tenant (for row
 * security), how long the tenant's plan lets one statement run (0: the server's default), the
 * name its backend shows in pg_stat_activity while it runs, so an operator sees whose query it
 * is, and the placement epoch the tenant was resolved with (the database refuses a write made
 * under another one: migration 20261208000000; null: not resolved from the directory, no check).
 */
export type TenantBinding = { tenantId: string; statementTimeoutMs: number; applicationName: string; placementEpoch: number | null };

// The binding the current async call chain works for. The scoped client sets it around each call;
// the driver layer reads it (synchronously, at the moment a statement or transaction starts) and
// binds the statement to it. Nothing else reads it, and nothing outside lib/tenancy sets it.
const boundTenant = new AsyncLocalStorage<TenantBinding>();

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Inlined into SQL by the transaction binding (inlinedBindSql): nothing to escape.
const APPLICATION_NAME = /^[a-z0-9:/-]{1,63}$/;

/** The binding for a tenant (an id alone: no timeout of its own, named by its id). */
export function tenantBinding(tenant: string | { id: string; slug?: string; statementTimeoutMs?: number; placementEpoch?: number }): TenantBinding {
  const { id, slug, statementTimeoutMs = 0, placementEpoch = null } = typeof tenant === "string" ? { id: tenant } : tenant;
  const binding = { tenantId: id, statementTimeoutMs, applicationName: `tenantry:${slug ?? id}`, placementEpoch };
  if (!UUID.test(binding.tenantId)) throw new TypeError(`Not a tenant id: ${JSON.stringify(binding.tenantId)}`);
  if (!Number.isSafeInteger(statementTimeoutMs) || statementTimeoutMs < 0) throw new TypeError(`Not a statement timeout: ${statementTimeoutMs}`);
  if (placementEpoch !== null && !Number.isSafeInteger(placementEpoch)) throw new TypeError(`Not a placement epoch: ${placementEpoch}`);
  if (!APPLICATION_NAME.test(binding.applicationName)) throw new TypeError(`Not an application name: ${binding.applicationName}`);
  return binding;
}

export function bindTenant<T>(tenant: string | TenantBinding, fn: () => T): T {
  return boundTenant.run(typeof tenant === "string" ? tenantBinding(tenant) : tenant, fn);
}

export function currentBoundTenant(): TenantBinding | undefined {
  return boundTenant.getStore();
}

/** Thrown when a query would run with no tenant bound: a bug, never a user error. */
export class UnscopedQueryError extends Error {
  constructor() {
    super("A query ran with no tenant bound. App code must go through withTenant or inTenant.");
    this.name = "UnscopedQueryError";
  }
}
