// The public face of tenancy for app code. The unscoped client stays inside this folder.
export { optionalTenant, requireTenant } from "./context";
export { TenancyError, errorResponse, type TenancyErrorCode } from "./errors";
export { globalSql } from "./global-sql";
export type { TenantDb } from "./scoped-client";
export type { TenantTx } from "./scoped-transaction";
export type { Tenant } from "./tenant";
export { inTenant } from "./tenant-scope";
export { withTenant } from "./with-tenant";
export type { Caller, Role } from "./membership";
