// Tenancy's public face: the only module app code imports from lib/tenancy. Tenant data is
// reached through the pipeline's entry adapters, each handing over a TenantContext with a client
// bound to the tenant; nothing exported here is a client that is not bound to one.
export { createApiKey, revokeApiKey } from "./access/api-keys";
export { forgetRole } from "./access/membership";
export { can, PERMISSIONS, ROLES, type Permission, type Role } from "./access/permissions";
export { isForeignKeyViolation, isRecordNotFound, isUniqueViolation, violatedUniqueConstraint } from "./db/db-errors";
export { readiness, type Readiness } from "./db/readiness";
export type { TenantDb } from "./db/scoped-client";
export type { TenantTx } from "./db/scoped-transaction";
export { refusalState, tenantAction } from "./entry/action";
export { workspaceExport } from "./entry/export";
export type { ActionState } from "./entry/action-state";
export { missingWorkspace, tenantPage } from "./entry/page";
export { withTenant, type RouteContext } from "./entry/route";
export { tenantEventStream } from "./live/tenant-event-stream";
export { READ, stillAllowed, type Access, type Caller, type TenantContext } from "./pipeline";
export { optionalTenant, resolvedBy, requestedPath, tenantFromHeaders, tenantPath, tenantUrl } from "./request/forwarded-tenant";
export { productUrl, requestHost } from "./request/host";
export { ACTIVE_TENANT_COOKIE, resolverOrder } from "./request/resolve-tenant";
