import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * The operator API's caller must present TENANTRY_OPERATOR_TOKEN as a bearer token. With no
 * token configured the API does not exist (404, like any unknown API route); a wrong or missing
 * token is 401. Compared as digests in constant time.
 */
export function assertOperator(headers: Headers): void {
  const token = env().TENANTRY_OPERATOR_TOKEN;
  if (!token) throw new TenancyError("not_found", "No API route here.");
  const presented = /^Bearer (.+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(presented), digest(token))) throw new TenancyError("unauthenticated", "Present the operator token as a bearer token.");
}
