import type { QueryResult, QueryResultRow } from "pg";
import { tenantDatabase } from "./tenant-database";

/**
 * SQL on the tables that are not tenant data and carry no row-level security: users, sign-in
 * throttling, the tenant directory. No tenant is bound, so a tenant table read through here
 * shows nothing and refuses every write.
 */
export function globalSql<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
  return tenantDatabase().globalSql<R>(text, values);
}
