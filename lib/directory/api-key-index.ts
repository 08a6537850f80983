import type { Role } from "@/lib/tenancy";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

export type IndexedApiKey = { keyId: string; tenantId: string; name: string; role: Role; revoked: boolean };

/** Which tenant's key has this SHA-256, from the control plane's index (kept in step by a trigger). */
export async function apiKeyByHash(secretHash: Uint8Array): Promise<IndexedApiKey | null> {
  const { rows } = await controlPlane().query<IndexedApiKey>(
    `SELECT key_id AS "keyId", tenant_id AS "tenantId", name, role, revoked FROM directory.api_key($1)`,
    [secretHash],
  );
  return rows[0] ?? null;
}
