import { databaseUrl, env } from "@/lib/env";
import { watchPool } from "@/lib/observability/metrics";
import type { Tenant } from "@/lib/directory/tenant";
import { EventNotifications } from "./event-notifications";
import { createPrismaClient, type PrismaHandle } from "./prisma-client";
import { scopedClient, type TenantDb } from "./scoped-client";
import { tenantExportStream } from "./tenant-export";
import { runInTenant, type TenantTx } from "./scoped-transaction";
import type { Binding } from "./tenant-binding-pool";
import { tenantBinding } from "./tenant-context";

/** What the registry needs to know of a tenant: who it is and where its data lives (and, from the directory, its name and plan's timeout). */
export type TenantPlacement = Pick<Tenant, "id" | "placement"> & Partial<Pick<Tenant, "slug" | "statementTimeoutMs">>;

/** One database that holds tenant data: its strict Prisma client and its LISTEN connection. */
type DatabaseHandle = PrismaHandle & { notifications: EventNotifications };

/** `tenantShare`: the most of the pool's connections one tenant may hold at once (default: all). */
export type RegistryConfig = { url: string; poolSize: number; binding: Binding; poolWaitMs?: number; tenantShare?: number };

/**
 * Maps a tenant's placement to the database that holds its rows, and hands out clients bound to
 * that tenant there. App code never learns which placement a tenant has: it gets a TenantDb.
 * Every client is strict: a statement with no tenant bound is refused before it reaches Postgres.
 * Today every tenant is in the shared database; dedicated databases are added here.
 */
export class DatabaseRegistry {
  readonly #shared: DatabaseHandle;
  readonly #sharedUrl: string;

  constructor(config: RegistryConfig) {
    this.#sharedUrl = config.url;
    const handle = createPrismaClient(config.url, { poolSize: config.poolSize, poolWaitMs: config.poolWaitMs, tenantShare: config.tenantShare, strict: true, binding: config.binding });
    this.#shared = { ...handle, notifications: new EventNotifications(config.url) };
    watchPool("shared", () => handle.pool);
  }

  #handle(tenant: TenantPlacement): DatabaseHandle {
    switch (tenant.placement) {
      case "shared":
        return this.#shared;
    }
  }

  /** A client whose every call is bound to the tenant, on the tenant's database. */
  clientFor(tenant: TenantPlacement): TenantDb {
    return scopedClient(this.#handle(tenant).prisma, tenantBinding(tenant));
  }

  /** Runs `fn` in one interactive transaction bound to the tenant. */
  run<T>(tenant: TenantPlacement, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
    return runInTenant(this.#handle(tenant).prisma, tenantBinding(tenant), fn);
  }

  /** The tenant's export (gzipped JSON lines, without password hashes), read as the app on its database. */
  exportFor(tenant: TenantPlacement & { slug: string }): ReadableStream<Uint8Array> {
    switch (tenant.placement) {
      case "shared":
        return tenantExportStream(this.#sharedUrl, tenant);
    }
  }

  /** Commit notifications of the tenant's database (its LISTEN connection opens on first use). */
  notificationsFor(tenant: TenantPlacement): EventNotifications {
    return this.#handle(tenant).notifications;
  }

  async end(): Promise<void> {
    this.#shared.notifications.close();
    await this.#shared.end();
  }
}

const globalForRegistry = globalThis as unknown as { databaseRegistry?: DatabaseRegistry };

/** The process-wide registry, kept across dev hot reloads so pools are not leaked. */
export function databaseRegistry(): DatabaseRegistry {
  globalForRegistry.databaseRegistry ??= new DatabaseRegistry({
    url: databaseUrl(),
    poolSize: env().DATABASE_POOL_SIZE,
    poolWaitMs: env().TENANTRY_POOL_WAIT_MS,
    tenantShare: Math.max(1, Math.floor((env().DATABASE_POOL_SIZE * env().TENANTRY_TENANT_POOL_SHARE) / 100)),
    binding: env().TENANTRY_BINDING,
  });
  return globalForRegistry.databaseRegistry;
}
