import { createHash, timingSafeEqual } from "node:crypto";
import { TenancyError } from "@/lib/errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * For an endpoint that a configured token turns on (the operator API, the metrics): the caller
 * must present it as a bearer token. With no token configured the endpoint does not exist (404,
 * like any unknown API route); a wrong or missing token is 401. Compared as digests in constant time.
 */
export function assertConfiguredToken(headers: Headers, token: string | undefined, what: string): void {
  if (!token) throw new TenancyError("not_found", "No API route here.");
  const presented = /^Bearer (.+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(presented), digest(token))) throw new TenancyError("unauthenticated", `Present the ${what} token as a bearer token.`);
}
