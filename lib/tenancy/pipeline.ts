import { sessionUser, type SessionUser } from "@/lib/auth/session";
import { isOpen, isWritable, meterApiRequest, tenantById, userById, type Tenant } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { noteTenantAndActor } from "@/lib/observability/request-context";
import { clientAddress } from "@/lib/security/client-address";
import type { Actor } from "@/lib/events/actor";
import { apiKeyHolder, bearerKey } from "./access/api-keys";
import { roleOf } from "./access/membership";
import { can, isReadOnly, type Permission, type Role } from "./access/permissions";
import { databaseRegistry } from "./db/database-registry";
import { isUnavailable, MOVE_RETRY_AFTER } from "./db/db-errors";
import { UUID } from "./db/tenant-context";
import type { TenantDb } from "./db/scoped-client";
import { JWT_SUBJECT_HEADER, RESOLVED_BY_HEADER, tenantFromHeaders } from "./request/forwarded-tenant";

// The one tenant pipeline. Every page, server action, route handler and event stream reaches
// tenant data through these steps, in this order:
//
//   resolve → open? → authenticate → authorize → meter → guard → scope
//
// and gets a TenantContext. The entry adapters (entry/route.ts, action.ts, page.ts) only turn a
// refusal into their medium's answer. A new guard (a quota, a placement state) is one step here.

/** Who is calling, as the pipeline established it. */
export type Caller =
  | { kind: "user"; user: SessionUser; role: Role }
  | { kind: "api_key"; keyId: string; name: string; role: Role }
  // Someone who need not be a member: a person opening or accepting an invitation (signed in or not).
  | { kind: "visitor"; user: SessionUser | null };

export type TenantContext = {
  tenant: Tenant;
  caller: Caller;
  /** Who the events of this request are recorded as. */
  actor: Actor;
  /** A client bound to this tenant, on the database that holds its rows. */
  db: TenantDb;
  /** Whether anything in the workspace may change now (pages ask this, never the status). */
  writable: boolean;
  can(permission: Permission): boolean;
};

/**
 * What an entry needs: a member (or API key) holding `permission`, or a `visitor`, who need not be
 * a member. `write` marks a visitor's entry that changes something (accepting an invitation);
 * for members, every permission that is not read-only is a write.
 */
export type Access = { permission: Permission } | { visitor: "read" | "write" };

export const READ: Access = { permission: "workspace.read" };

// resolve: the tenant the proxy (or the API's resolve step) named, or none (a client cannot set the header).
function resolve(headers: Headers): Tenant {
  const tenant = tenantFromHeaders(headers);
  if (!tenant) throw new TenancyError("tenant_not_found");
  return tenant;
}

// open?: a closed workspace answers 410 to everything; one whose database is being migrated (or
// needs an operator) 503, rather than being served from a half-changed schema.
function assertOpen(tenant: Tenant): void {
  if (!isOpen(tenant.status)) throw new TenancyError("tenant_inactive");
  if (tenant.placementState === "migrating" || tenant.placementState === "failed") {
    throw new TenancyError("tenant_migrating", undefined, undefined, { retryAfter: MIGRATING_RETRY_AFTER });
  }
}

const MIGRATING_RETRY_AFTER = 30;

type Authenticated = { kind: "api_key"; keyId: string; tenantId: string; name: string; role: Role } | { kind: "user"; user: SessionUser } | { kind: "anonymous" };

// authenticate: a verified bearer JWT's subject if the tenant was resolved by one, else an
// API key if one is presented, else the session.
async function authenticate(headers: Headers): Promise<Authenticated> {
  if (headers.get(RESOLVED_BY_HEADER) === "jwt") {
    const subject = headers.get(JWT_SUBJECT_HEADER) ?? "";
    const user = UUID.test(subject) ? await userById(subject) : null;
    // An unknown subject is no member: the same answer as for a workspace that does not exist.
    if (!user) throw new TenancyError("tenant_not_found");
    return { kind: "user", user };
  }
  const key = bearerKey(headers);
  if (key) return { kind: "api_key", ...(await apiKeyHolder(key)) };
  // A tenant named only by the X-Tenant-ID header or the ?tenant= parameter is honoured for API keys alone.
  const by = headers.get(RESOLVED_BY_HEADER);
  if (by === "header") throw new TenancyError("unauthenticated", "X-Tenant-ID must come with an API key.");
  if (by === "query") throw new TenancyError("unauthenticated", "?tenant= must come with an API key.");
  const user = await sessionUser();
  return user ? { kind: "user", user } : { kind: "anonymous" };
}

// authorize: a member of this tenant, or a key of this tenant. Anyone else is told the workspace
// does not exist (404, as for an address that names none), so its existence is not revealed.
async function authorize(tenant: Tenant, who: Authenticated, visitor: boolean): Promise<Caller> {
  if (who.kind === "api_key") {
    if (who.tenantId !== tenant.id) throw new TenancyError("tenant_not_found");
    return { kind: "api_key", keyId: who.keyId, name: who.name, role: who.role };
  }
  if (visitor) return { kind: "visitor", user: who.kind === "user" ? who.user : null };
  if (who.kind === "anonymous") throw new TenancyError("unauthenticated");
  const role = await roleOf(tenant, who.user.id);
  if (!role) throw new TenancyError("tenant_not_found");
  return { kind: "user", user: who.user, role };
}

// meter: a program's request (an API key, a bearer JWT) counts against the plan's API request
// limits, shared by every instance (429 rate_limited with Retry-After over them). People's
// requests through the app's pages and forms are not API requests.
async function meter(tenant: Tenant, caller: Caller, headers: Headers): Promise<void> {
  if (caller.kind === "api_key" || headers.get(RESOLVED_BY_HEADER) === "jwt") await meterApiRequest(tenant.id);
}

function actorOf(caller: Caller, headers: Headers): Actor {
  const origin = { ip: clientAddress(headers) || null, userAgent: headers.get("user-agent") };
  switch (caller.kind) {
    case "api_key":
      return { kind: "api_key", id: caller.keyId, name: caller.name, ...origin };
    case "user":
      return { kind: "user", id: caller.user.id, name: caller.user.name, ...origin };
    case "visitor":
      return caller.user ? { kind: "user", id: caller.user.id, name: caller.user.name, ...origin } : { kind: "user", id: null, name: null, ...origin };
  }
}

// scope: the context, with a client bound to the tenant wherever its rows live.
function scope(tenant: Tenant, caller: Caller, headers: Headers): TenantContext {
  const role = caller.kind === "visitor" ? null : caller.role;
  const actor = actorOf(caller, headers);
  noteTenantAndActor(tenant.slug, `${actor.kind}:${actor.id ?? "anonymous"}`);
  return {
    tenant,
    caller,
    actor,
    db: databaseRegistry().clientFor(tenant),
    writable: isWritable(tenant.status),
    can: (permission) => role !== null && can(role, permission),
  };
}

/** Everything up to and including scope: who may see this tenant. Pages memoise it per render. */
export async function enterTenant(headers: Headers, visitor = false): Promise<TenantContext> {
  const tenant = resolve(headers);
  assertOpen(tenant);
  const caller = await authorize(tenant, await authenticate(headers), visitor);
  await meter(tenant, caller, headers);
  return scope(tenant, caller, headers);
}

/** authorize's second half: the permission the entry needs (403 without it). */
export function requirePermission(ctx: TenantContext, access: Access): void {
  if ("permission" in access && !ctx.can(access.permission)) throw new TenancyError("forbidden");
}

/** guard: an entry that changes something needs a writable workspace (403 tenant_suspended). */
export function guardWrite(ctx: TenantContext, access: Access): void {
  // The way out of a suspension: which lifecycle action a status allows is the lifecycle table's to say.
  if ("permission" in access && access.permission === "tenant.lifecycle") return;
  const writes = "visitor" in access ? access.visitor === "write" : !isReadOnly(access.permission);
  if (writes && !ctx.writable) throw new TenancyError("tenant_suspended", "This workspace is suspended: it can be read, not changed.");
  // A move's cut-over: reads go on, writes wait (the database refuses them too, whatever this instance's cache says).
  if (writes && ctx.tenant.placementState === "moving") throw new TenancyError("tenant_moving", undefined, undefined, { retryAfter: MOVE_RETRY_AFTER });
}

/** The whole pipeline, for entries that act (route handlers and server actions). */
export async function openTenant(headers: Headers, access: Access): Promise<TenantContext> {
  const ctx = await enterTenant(headers, "visitor" in access);
  requirePermission(ctx, access);
  guardWrite(ctx, access);
  return ctx;
}

/**
 * Whether the caller a long-lived response (an event stream) was opened for may still read the
 * tenant: the workspace is not closed, and the key is not revoked or the membership not removed.
 * (As of this instance's cache window, like every request.) A failure counts as no, except the
 * database being unavailable.
 */
export async function stillAllowed(ctx: TenantContext, headers: Headers): Promise<boolean> {
  try {
    const tenant = await tenantById(ctx.tenant.id);
    if (!tenant || !isOpen(tenant.status)) return false;
    // Moved since the stream opened: it ends, and its reconnection (with Last-Event-ID) reads the new place.
    if (tenant.placementEpoch !== ctx.tenant.placementEpoch) return false;
    if (ctx.caller.kind === "api_key") return (await apiKeyHolder(bearerKey(headers) ?? "")).tenantId === tenant.id;
    if (ctx.caller.kind === "user") return (await roleOf(tenant, ctx.caller.user.id)) !== null;
    return false;
  } catch (error) {
    // The database restarting: unknown for now, asked again at the next heartbeat. Meanwhile the
    // stream cannot read the log either, so keeping it open shows nothing new.
    return isUnavailable(error);
  }
}
