// The tenant header exactly as the server hands it to the app (x-tenantry-tenant), for tests that
// send it as a client would, to see it ignored. Checked against the app's own reader, so a test
// cannot pass only because its forgery was malformed.
import assert from "node:assert/strict";
import { tenantSchema } from "@/lib/directory/tenant";
import { encodeTenant, TENANT_HEADER, tenantFromHeaders } from "@/lib/tenancy/request/forwarded-tenant";
import { adminUrl, connect } from "./env";

export async function forgedTenantHeader(slug: string): Promise<string> {
  const admin = await connect(adminUrl());
  try {
    const { rows } = await admin.query(
      `SELECT id, slug, name, status, plan, (SELECT statement_timeout_ms FROM plans WHERE plans.id = tenants.plan) AS "statementTimeoutMs",
         status_changed_by AS "statusChangedBy", placement, placement_epoch::int AS "placementEpoch", placement_state AS "placementState",
         CASE WHEN placement = 'dedicated' THEN json_build_object('server', server, 'name', database_name, 'appUrlEnv', directory.server_app_url_env(server)) END AS database,
         directory.support_access(id) AS "supportAccess"
       FROM tenants WHERE slug = $1`,
      [slug],
    );
    const value = encodeTenant(tenantSchema.parse(rows[0]));
    assert.ok(tenantFromHeaders(new Headers({ [TENANT_HEADER]: value })), "the forged header is one the app would read");
    return value;
  } finally {
    await admin.end();
  }
}
