import { apiKeyByHash } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { recordEvent } from "@/lib/events/record-event";
import { newSecretToken, secretDigest } from "@/lib/secret-token";
import { isUniqueViolation } from "../db/db-errors";
import type { TenantDb } from "../db/scoped-client";
import type { Role } from "./permissions";

const PREFIX = "tnt_";

/** Creates a key for the bound tenant; the returned `key` is never stored and never shown again. */
export async function createApiKey(db: TenantDb, input: { name: string; role: Exclude<Role, "owner"> }, actor: Actor) {
  const key = `${PREFIX}${newSecretToken()}`;
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: { name: input.name, role: input.role, createdBy: actor.kind === "user" ? actor.id : null, prefix: key.slice(0, 12), secretHash: secretDigest(key) },
        select: { id: true, name: true, prefix: true, role: true, createdAt: true },
      });
      await recordEvent(tx, "api_key.created", { id: created.id, name: created.name, role: created.role }, actor);
      return created;
    });
    return { ...row, key };
  } catch (error) {
    // The index api_keys_active_name_key (migration 20261205020000): names tell active keys apart.
    if (!isUniqueViolation(error)) throw error;
    const reason = "An active key already has this name: choose another, or revoke that one first.";
    throw new TenancyError("invalid_request", reason, { name: [reason] });
  }
}

/** Revokes one of the bound tenant's keys; true if it was active. Another tenant's key is invisible. */
export async function revokeApiKey(db: TenantDb, id: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id, revokedAt: null }, select: { id: true, name: true } });
    if (!key) return false;
    const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count !== 1) return false;
    await recordEvent(tx, "api_key.revoked", { id: key.id, name: key.name }, actor);
    return true;
  });
}

export type ApiKeyHolder = { keyId: string; tenantId: string; name: string; role: Role };

/**
 * Whose a presented key is, from the control plane's index: 401 for an unknown or revoked key.
 * Not cached, so a revoked key stops working at once.
 */
export async function apiKeyHolder(key: string): Promise<ApiKeyHolder> {
  const invalid = () => new TenancyError("unauthenticated", "The API key is not valid.");
  if (!key.startsWith(PREFIX) || key.length > 100) throw invalid();
  const found = await apiKeyByHash(secretDigest(key));
  if (!found || found.revoked) throw invalid();
  return { keyId: found.keyId, tenantId: found.tenantId, name: found.name, role: found.role };
}

/** The key in an `Authorization: Bearer …` header, if any. */
export function bearerKey(headers: Headers): string | null {
  return headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}
