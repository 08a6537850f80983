import { AsyncLocalStorage } from "node:async_hooks";

// The tenant the current async call chain works for. The scoped client sets it around each call;
// the driver layer reads it (synchronously, at the moment a statement or transaction starts) and
// binds the statement to it. Nothing else reads it, and nothing outside lib/tenancy sets it.
const boundTenant = new AsyncLocalStorage<string>();

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bindTenant<T>(tenantId: string, fn: () => T): T {
  if (!UUID.test(tenantId)) throw new TypeError(`Not a tenant id: ${JSON.stringify(tenantId)}`);
  return boundTenant.run(tenantId, fn);
}

export function currentBoundTenant(): string | undefined {
  return boundTenant.getStore();
}

/** Thrown when a query would run with no tenant bound: a bug, never a user error. */
export class UnscopedQueryError extends Error {
  constructor() {
    super("A query ran with no tenant bound. App code must go through withTenant or inTenant.");
    this.name = "UnscopedQueryError";
  }
}
