import type pg from "pg";
import { newSecretToken, secretDigest } from "@/lib/secret-token";

export type BenchTenant = { id: string; slug: string; key: string };

/**
 * Workspaces for a scenario, on Enterprise (the bench measures isolation, not quotas), each with a
 * member API key stored as lib/tenancy/access/api-keys.ts stores it. Ones a killed run left go first.
 */
export async function createBenchTenants(admin: pg.Client, slugs: string[], keyName: string): Promise<BenchTenant[]> {
  await deleteBenchTenants(admin, slugs);
  const { rows } = await admin.query<{ id: string; slug: string }>(
    "INSERT INTO tenants (slug, name, plan) SELECT s, s, 'enterprise' FROM unnest($1::text[]) AS s RETURNING id, slug",
    [slugs],
  );
  const tenants: BenchTenant[] = [];
  for (const { id, slug } of rows) {
    const key = `tnt_${newSecretToken()}`;
    await admin.query("INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, role) VALUES ($1, $2, $3, $4, 'member')", [id, keyName, key.slice(0, 12), secretDigest(key)]);
    tenants.push({ id, slug, key });
  }
  return tenants;
}

export async function deleteBenchTenants(admin: pg.Client, slugs: string[]): Promise<void> {
  await admin.query("DELETE FROM tenants WHERE slug = ANY($1)", [slugs]);
}
