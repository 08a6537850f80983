import client from "prom-client";

// The Prometheus metrics (prom-client), one registry per process: prom-client is a server
// external package, so every Next server layer gets this same module and registry. get() makes
// a re-evaluation (a dev reload) reuse what is registered instead of failing on a duplicate name.
function get<T>(name: string, make: () => T): T {
  return (client.register.getSingleMetric(name) as T | undefined) ?? make();
}

/** The process's own metrics (CPU, memory, event loop): once per server process. */
export function collectProcessMetrics(): void {
  if (!client.register.getSingleMetric("process_cpu_seconds_total")) client.collectDefaultMetrics();
}

export const httpRequests = get(
  "tenantry_http_requests_total",
  () => new client.Counter({ name: "tenantry_http_requests_total", help: "Requests answered, by tenant, route, method and status", labelNames: ["tenant", "route", "method", "status"] }),
);

export const httpDuration = get(
  "tenantry_http_request_duration_seconds",
  () =>
    new client.Histogram({
      name: "tenantry_http_request_duration_seconds",
      help: "Time to answer a request (to the end of the response; event streams excluded), by tenant and route",
      labelNames: ["tenant", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

export const openEventStreams = get(
  "tenantry_event_streams_open",
  () => new client.Gauge({ name: "tenantry_event_streams_open", help: "Event streams open on this instance, by tenant", labelNames: ["tenant"] }),
);

export const eventsFannedOut = get(
  "tenantry_events_fanned_out_total",
  () => new client.Counter({ name: "tenantry_events_fanned_out_total", help: "Events written to event streams, by tenant", labelNames: ["tenant"] }),
);

export const databaseStatements = get(
  "tenantry_db_statements_total",
  () => new client.Counter({ name: "tenantry_db_statements_total", help: "Statements sent to the database, by pool (a bound statement counts once, with its binding)", labelNames: ["pool"] }),
);

/** Statement counters per pool, resolved once: counting is on every statement's path. */
export const statementsOf = { shared: databaseStatements.labels("shared"), directory: databaseStatements.labels("directory") };

export const databaseErrors = get(
  "tenantry_database_errors_total",
  () => new client.Counter({ name: "tenantry_database_errors_total", help: "Database failures answered as a typed 503, by kind", labelNames: ["kind"] }),
);

type PoolStats = { totalCount: number; idleCount: number; waitingCount: number };
// On globalThis like the registry itself: a pool registered from one server layer is scraped from another.
const globalForPools = globalThis as unknown as { tenantryPools?: Map<string, () => PoolStats> };
const pools = (globalForPools.tenantryPools ??= new Map());

get(
  "tenantry_db_pool_connections",
  () =>
    new client.Gauge({
      name: "tenantry_db_pool_connections",
      help: "Database pool connections on this instance: open, idle, and requests waiting for one",
      labelNames: ["pool", "state"],
      collect() {
        this.reset();
        for (const [pool, stats] of pools) {
          const { totalCount, idleCount, waitingCount } = stats();
          this.set({ pool, state: "open" }, totalCount);
          this.set({ pool, state: "idle" }, idleCount);
          this.set({ pool, state: "waiting" }, waitingCount);
        }
      },
    }),
);

/** Reports a pool's usage under `name` at every scrape. */
export function watchPool(name: string, stats: () => PoolStats): void {
  pools.set(name, stats);
}

/** The metrics in Prometheus's text format. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await client.register.metrics(), contentType: client.register.contentType };
}
