// The public face of tenancy for app code. The unscoped client stays inside this folder.
export { optionalTenant, requireTenant } from "./context";
export { TenancyError, errorResponse, type TenancyErrorCode } from "./errors";
export { isForeignKeyViolation, isRecordNotFound, isUniqueViolation } from "./db-errors";
export { globalSql } from "./global-sql";
export type { TenantDb } from "./scoped-client";
export type { TenantTx } from "./scoped-transaction";
export type { Tenant } from "./tenant";
export { inTenant } from "./tenant-scope";
export { withTenant } from "./with-tenant";
export { forgetRole, type Caller, type Role } from "./membership";
export { createApiKey, revokeApiKey } from "./api-keys";
export { assertCan, can, type Permission } from "./permissions";
export { tenantAction, type ActionState } from "./tenant-action";
export { inTenantAsInvitee } from "./visitor-scope";
export { tenantEventStream } from "./tenant-event-stream";
