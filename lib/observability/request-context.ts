import { AsyncLocalStorage } from "node:async_hooks";

/** What the log line and metrics of one request say about it; the pipeline fills in who and where. */
export type RequestFacts = { requestId: string; tenant?: string; actor?: string };

// Kept on globalThis: the raw request hook (loaded by instrumentation) and the pipeline (bundled
// into each route) are different module instances, and must share one store.
const globalForRequests = globalThis as unknown as { tenantryRequests?: AsyncLocalStorage<RequestFacts> };
const store = (globalForRequests.tenantryRequests ??= new AsyncLocalStorage<RequestFacts>());

/** Runs the handling of one request with its facts reachable from everything it calls. */
export function withRequestFacts<T>(facts: RequestFacts, fn: () => T): T {
  return store.run(facts, fn);
}

/** The current request's facts (undefined outside a request: a CLI, a timer). */
export function requestFacts(): RequestFacts | undefined {
  return store.getStore();
}

/** Notes which tenant and actor the current request turned out to be for. */
export function noteTenantAndActor(tenant: string, actor: string): void {
  const facts = store.getStore();
  if (facts) Object.assign(facts, { tenant, actor });
}
