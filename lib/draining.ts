// Whether this instance is shutting down: set once by the graceful shutdown (lib/server-shutdown.ts),
// read by readiness (503, out of rotation) and by the event stream (no new streams). One flag per
// process, on globalThis: the shutdown runs in instrumentation's module instance, the readers in
// each route's, and a module-level variable would be a different one in each.
const globalForDraining = globalThis as unknown as { tenantryDraining?: boolean };

export function isDraining(): boolean {
  return globalForDraining.tenantryDraining === true;
}

export function startDraining(): void {
  globalForDraining.tenantryDraining = true;
}
