import { newSecretToken, secretDigest } from "@/lib/secret-token";
import { TenancyError } from "./errors";
import { globalSql } from "./global-sql";
import type { Caller, Role } from "./membership";
import type { TenantTx } from "./scoped-transaction";

const PREFIX = "tnt_";

/** Creates a key for the bound tenant; the returned `key` is never stored and never shown again. */
export async function createApiKey(db: TenantTx, input: { name: string; role: Exclude<Role, "owner">; createdBy: string | null }) {
  const key = `${PREFIX}${newSecretToken()}`;
  const row = await db.apiKey.create({
    data: { name: input.name, role: input.role, createdBy: input.createdBy, prefix: key.slice(0, 12), secretHash: secretDigest(key) },
    select: { id: true, name: true, prefix: true, role: true, createdAt: true },
  });
  return { ...row, key };
}

/**
 * The caller a bearer key stands for in `tenantId`: 401 for an unknown or revoked key, 403 for a
 * valid key of another tenant. Not cached, so a revoked key stops working at once.
 */
export async function callerFromApiKey(tenantId: string, key: string): Promise<Caller & { apiKeyId: string }> {
  if (!key.startsWith(PREFIX) || key.length > 100) throw new TenancyError("unauthenticated", "The API key is not valid.");
  const { rows } = await globalSql<{ key_id: string; tenant_id: string; role: Role; revoked: boolean }>(
    "SELECT key_id, tenant_id, role, revoked FROM api_key_lookup($1)",
    [secretDigest(key)],
  );
  const found = rows[0];
  if (!found || found.revoked) throw new TenancyError("unauthenticated", "The API key is not valid.");
  if (found.tenant_id !== tenantId) throw new TenancyError("forbidden");
  return { userId: `api-key:${found.key_id}`, role: found.role, apiKeyId: found.key_id };
}

/** The key in an `Authorization: Bearer …` header, if any. */
export function bearerKey(headers: Headers): string | null {
  return headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

/** Revokes one of the bound tenant's keys; true if it was active. Another tenant's key is invisible. */
export async function revokeApiKey(db: TenantTx, id: string): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}
