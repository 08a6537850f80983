// The manifest of tenant tables: every table that holds one tenant's rows under row-level
// security, parents before children (the order to copy in, and the reverse to delete in). The
// isolation test checks it against the catalog, so a new tenant table that is not listed here
// fails the build; export, erasure and moves read it.
export const TENANT_TABLES = ["memberships", "projects", "employees", "events", "api_keys", "invitations", "domains"] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];

/** Each tenant table's key within a tenant (its primary key is tenant_id with it, or it alone): what a move's change log notes. */
export const TENANT_TABLE_KEYS: Record<TenantTable, string> = {
  memberships: "user_id",
  projects: "id",
  employees: "id",
  events: "id",
  api_keys: "id",
  invitations: "id",
  domains: "hostname",
};
