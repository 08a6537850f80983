// The control plane: tenants (and where their data lives), users, the access indexes that must be
// read before a tenant is bound, and sign-in bookkeeping. Its own pool; never tenant data.
export { changePassword, passwordResetEmail, renameUser, storePasswordReset, usePasswordReset } from "./accounts";
export { actionsFrom, changeLifecycle, LIFECYCLE, LIFECYCLE_ACTIONS, scheduleDeletion, type LifecycleAction } from "./lifecycle";
export { meterApiRequest } from "./api-request-meter";
export { changePlan, listPlans, overLimit, QUOTA_RESOURCES, type Plan, type QuotaResource } from "./plans";
export { apiKeyByHash, type IndexedApiKey } from "./api-key-index";
export { activeSessionUser, endAllSessions, endSession, startSession } from "./sessions";
export { countFailure, forgetFailures, recentFailures } from "./sign-in-failures";
export { storeSignInToken, useSignInToken } from "./sign-in-tokens";
export { isOpen, isWritable, newSlugSchema, SLUG_PATTERN, tenantSchema, type Tenant, type TenantStatus } from "./tenant";
export { isSlugTaken, provisionTenant, recordTenantEvent, tenantByDomain, tenantById, tenantByFormerSlug, tenantBySlug, type NewOwner } from "./tenants";
export { createUser, userByEmail, userById, workspacesOf, type User, type Workspace } from "./users";
export { changeWorkspaceAddress, renameWorkspace } from "./workspace-settings";
