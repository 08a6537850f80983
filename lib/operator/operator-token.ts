import { env } from "@/lib/env";
import { assertConfiguredToken } from "@/lib/security/configured-token";

/** The operator API's caller must present TENANTRY_OPERATOR_TOKEN as a bearer token (404 when unset). */
export function assertOperator(headers: Headers): void {
  assertConfiguredToken(headers, env().TENANTRY_OPERATOR_TOKEN, "operator");
}
