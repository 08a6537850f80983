import { databaseUrl, env, onDatabase, serverUrl } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { watchPool } from "@/lib/observability/metrics";
import type { Tenant } from "@/lib/directory/tenant";
import { DedicatedPools } from "./dedicated-pools";
import { EventNotifications } from "./event-notifications";
import { createPrismaClient, type PrismaHandle } from "./prisma-client";
import { newestMigration } from "./schema-version";
import { scopedClient, withPrisma, type PrismaSource, type TenantDb } from "./scoped-client";
import { tenantExportStream } from "./tenant-export";
import { runInTenant, type TenantTx } from "./scoped-transaction";
import type { Binding } from "./tenant-binding-pool";
import { bindTenant, tenantBinding } from "./tenant-context";

/**
 * What the registry needs to know of a tenant: who it is and where its data lives (and, from the
 * directory, its name, plan's timeout and placement epoch).
 */
export type TenantPlacement = Pick<Tenant, "id" | "placement"> & Partial<Pick<Tenant, "slug" | "statementTimeoutMs" | "placementEpoch" | "database">>;

/** One database that holds tenant data: its strict Prisma client and its LISTEN connection. */
type DatabaseHandle = PrismaHandle & { notifications: EventNotifications };

/**
 * `tenantShare`: the most of the pool's connections one tenant may hold at once (default: all).
 * `dedicated`: pool size per dedicated database, and the budget of connections over all of them.
 */
export type RegistryConfig = {
  url: string;
  poolSize: number;
  binding: Binding;
  poolWaitMs?: number;
  tenantShare?: number;
  dedicated?: { poolSize: number; connections: number };
};

/** A dedicated database's key in the registry: its app connection, which names the server and the database. */
export function dedicatedUrl(tenant: TenantPlacement): string {
  if (!tenant.database) throw new Error(`Tenant ${tenant.id} is dedicated, but its database was not resolved with it.`);
  return onDatabase(serverUrl(tenant.database.appUrlEnv), tenant.database.name);
}

/**
 * Maps a tenant's placement to the database that holds its rows, and hands out clients bound to
 * that tenant there. App code never learns which placement a tenant has: it gets a TenantDb.
 * Every client is strict: a statement with no tenant bound is refused before it reaches Postgres.
 * Today every tenant is in the shared database; dedicated databases are added here.
 */
export class DatabaseRegistry {
  readonly #shared: DatabaseHandle;
  readonly #sharedUrl: string;
  readonly #dedicated: DedicatedPools;
  // LISTEN connections of dedicated databases with subscribers on this instance, closed when the last one leaves.
  readonly #dedicatedNotifications = new Map<string, EventNotifications>();

  constructor(config: RegistryConfig) {
    this.#sharedUrl = config.url;
    const options = { poolWaitMs: config.poolWaitMs, strict: true, binding: config.binding };
    const handle = createPrismaClient(config.url, { ...options, poolSize: config.poolSize, tenantShare: config.tenantShare });
    this.#shared = { ...handle, notifications: new EventNotifications(config.url) };
    watchPool("shared", () => handle.pool);
    const dedicated = config.dedicated ?? { poolSize: 4, connections: 40 };
    const poolSize = Math.min(dedicated.poolSize, dedicated.connections);
    this.#dedicated = new DedicatedPools({
      capacity: Math.floor(dedicated.connections / poolSize),
      waitMs: config.poolWaitMs ?? 5000,
      open: (url) => createPrismaClient(url, { ...options, poolSize }),
      check: refuseBehindSchema,
    });
  }

  #source(tenant: TenantPlacement): PrismaSource {
    switch (tenant.placement) {
      case "shared":
        return this.#shared.prisma;
      case "dedicated": {
        const url = dedicatedUrl(tenant);
        return () => this.#dedicated.lease(url);
      }
    }
  }

  /** A client whose every call is bound to the tenant, on the tenant's database. */
  clientFor(tenant: TenantPlacement): TenantDb {
    return scopedClient(this.#source(tenant), tenantBinding(tenant));
  }

  /** Runs `fn` in one interactive transaction bound to the tenant. */
  run<T>(tenant: TenantPlacement, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
    return withPrisma(this.#source(tenant), (prisma) => runInTenant(prisma, tenantBinding(tenant), fn));
  }

  /** The tenant's export (gzipped JSON lines, without password hashes), read as the app on its database. */
  exportFor(tenant: TenantPlacement & { slug: string }): ReadableStream<Uint8Array> {
    return tenantExportStream(tenant.placement === "shared" ? this.#sharedUrl : dedicatedUrl(tenant), tenant);
  }

  /** Whether the shared database's LISTEN connection hears commits (live events): for readiness. */
  get sharedEventsListener(): EventNotifications["state"] {
    return this.#shared.notifications.state;
  }

  /** Commit notifications of the tenant's database (its LISTEN connection opens with the first subscriber). */
  notificationsFor(tenant: TenantPlacement): EventNotifications {
    if (tenant.placement === "shared") return this.#shared.notifications;
    const url = dedicatedUrl(tenant);
    let notifications = this.#dedicatedNotifications.get(url);
    if (!notifications) {
      const created = new EventNotifications(url, () => {
        created.close();
        if (this.#dedicatedNotifications.get(url) === created) this.#dedicatedNotifications.delete(url);
      });
      this.#dedicatedNotifications.set(url, (notifications = created));
    }
    return notifications;
  }

  /** Dedicated databases with a pool, and with a LISTEN connection, open on this instance now. */
  get dedicatedOpen(): { pools: number; listeners: number } {
    return { pools: this.#dedicated.open, listeners: this.#dedicatedNotifications.size };
  }

  async end(): Promise<void> {
    this.#shared.notifications.close();
    this.#dedicatedNotifications.forEach((n) => n.close());
    await Promise.all([this.#shared.end(), this.#dedicated.end()]);
  }
}

/**
 * A dedicated database whose schema is behind the code's is not served (503 tenant_migrating)
 * until `npm run db:migrate` brings it up to date: never a half-migrated schema. Asked once per
 * pool opened, under a placeholder tenant (the strict pool binds every statement).
 */
async function refuseBehindSchema(prisma: PrismaHandle["prisma"]): Promise<void> {
  const [expected, rows] = await Promise.all([
    newestMigration(),
    // Prisma's promises are lazy: .then() starts the query, inside the binding.
    bindTenant(tenantBinding(NO_TENANT), () => prisma.$queryRaw<{ name: string }[]>`SELECT schema_version() AS name`.then((rows) => rows)),
  ]);
  if (rows[0].name < expected) throw new TenancyError("tenant_migrating", undefined, undefined, { retryAfter: 30 });
}

const NO_TENANT = "00000000-0000-0000-0000-000000000000";

const globalForRegistry = globalThis as unknown as { databaseRegistry?: DatabaseRegistry };

/** The process-wide registry, kept across dev hot reloads so pools are not leaked. */
export function databaseRegistry(): DatabaseRegistry {
  globalForRegistry.databaseRegistry ??= new DatabaseRegistry({
    url: databaseUrl(),
    poolSize: env().DATABASE_POOL_SIZE,
    poolWaitMs: env().TENANTRY_POOL_WAIT_MS,
    tenantShare: Math.max(1, Math.floor((env().DATABASE_POOL_SIZE * env().TENANTRY_TENANT_POOL_SHARE) / 100)),
    binding: env().TENANTRY_BINDING,
    dedicated: { poolSize: env().TENANTRY_DEDICATED_POOL_SIZE, connections: env().TENANTRY_DEDICATED_CONNECTIONS },
  });
  return globalForRegistry.databaseRegistry;
}
