// The tenant header exactly as the server hands it to the app (x-tenantry-tenant), for tests that
// send it as a client would, to see it ignored. Checked against the app's own reader, so a test
// cannot pass only because its forgery was malformed.
import assert from "node:assert/strict";
import { findTenant } from "@/lib/directory/tenants";
import { encodeTenant, TENANT_HEADER, tenantFromHeaders } from "@/lib/tenancy/request/forwarded-tenant";
import { adminUrl, connect } from "./env";

export async function forgedTenantHeader(slug: string): Promise<string> {
  const admin = await connect(adminUrl());
  try {
    const tenant = await findTenant("slug = $1", slug, admin);
    assert.ok(tenant, `no tenant ${slug}`);
    const value = encodeTenant(tenant);
    assert.ok(tenantFromHeaders(new Headers({ [TENANT_HEADER]: value })), "the forged header is one the app would read");
    return value;
  } finally {
    await admin.end();
  }
}
