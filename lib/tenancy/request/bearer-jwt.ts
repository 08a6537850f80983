import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { env } from "@/lib/env";
import { UUID } from "../db/tenant-context";

// Tenant and caller from a bearer JWT an identity provider issued (the `jwt` resolver): its
// signature (a shared secret, or the issuer's published keys), issuer, audience and expiry are
// checked by jose; its `tenant_id` claim names the tenant and its subject (`sub`, a user id) must
// be a member there, which the pipeline checks like any other caller's membership.

export type TenantJwt = { tenantId: string; subject: string } | { refused: string };

/** A bearer value shaped like a JWT (three base64url parts); API keys have no dots. */
export function jwtFrom(headers: Headers): string | null {
  const token = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return token && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token) ? token : null;
}

type Verification = { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] };
let verification: Verification | undefined;

// The issuer's published keys if configured, else the shared secret; each with the algorithms it
// signs with (a secret HS256, published keys public-key algorithms; never "none").
function verificationKey(): Verification {
  if (verification) return verification;
  const { TENANTRY_JWT_SECRET, TENANTRY_JWT_JWKS_URL } = env();
  if (TENANTRY_JWT_JWKS_URL) return (verification = { key: createRemoteJWKSet(new URL(TENANTRY_JWT_JWKS_URL)), algorithms: ["RS256", "ES256", "EdDSA"] });
  if (TENANTRY_JWT_SECRET) return (verification = { key: new TextEncoder().encode(TENANTRY_JWT_SECRET), algorithms: ["HS256"] });
  throw new Error("The jwt resolver needs TENANTRY_JWT_SECRET or TENANTRY_JWT_JWKS_URL.");
}

/** Throws at start-up, naming what is missing, when the jwt resolver is on but not configured. */
export function assertJwtConfigured(): void {
  const { TENANTRY_JWT_ISSUER, TENANTRY_JWT_AUDIENCE } = env();
  if (!TENANTRY_JWT_ISSUER || !TENANTRY_JWT_AUDIENCE) throw new Error("TENANTRY_RESOLVERS names jwt: set TENANTRY_JWT_ISSUER and TENANTRY_JWT_AUDIENCE.");
  verificationKey();
}

export async function verifyTenantJwt(token: string): Promise<TenantJwt> {
  const { TENANTRY_JWT_ISSUER, TENANTRY_JWT_AUDIENCE } = env();
  const { key, algorithms } = verificationKey();
  const options = { issuer: TENANTRY_JWT_ISSUER, audience: TENANTRY_JWT_AUDIENCE, algorithms, requiredClaims: ["exp", "sub"] };
  try {
    const { payload } = typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    const tenantId = payload.tenant_id;
    if (typeof tenantId !== "string" || !UUID.test(tenantId)) return { refused: "The token names no tenant (tenant_id)." };
    if (!payload.sub || !UUID.test(payload.sub)) return { refused: "The token's subject is not a user id." };
    return { tenantId, subject: payload.sub };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { refused: "The token has expired." };
    if (error instanceof errors.JWTClaimValidationFailed) return { refused: `The token's ${error.claim} claim is not accepted.` };
    if (error instanceof errors.JOSEError) return { refused: "The token is not valid." };
    throw error;
  }
}
