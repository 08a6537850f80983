import pg from "pg";
import { eventInsert, type EventRow } from "@/lib/events/record-event";
import { dedicatedUrl, type TenantPlacement } from "./database-registry";
import { rethrowRefusal } from "./db-errors";

/**
 * Appends an event the control plane records (a sign-in, a suspension, a plan change) to a
 * dedicated tenant's log, which lives in its own database, and brings that database's copy of the
 * tenant's directory row (`directoryRow`, as the change leaves it) along in the same transaction:
 * the guards there read its status and plan. Bound like any write there (tenant and placement
 * epoch), so a tenant that has moved meanwhile refuses it with `503 tenant_moving`.
 * A connection of its own, opened for the one statement: these events are rare, and the caller
 * may be the operator's CLI, which must not be kept alive by a pool.
 */
export async function appendToDedicatedLog(tenant: TenantPlacement, row: EventRow, directoryRow: object): Promise<void> {
  const client = new pg.Client({ connectionString: dedicatedUrl(tenant), application_name: "tenantry:directory" });
  try {
    await client.connect();
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.placement_epoch', $2, true)", [tenant.id, String(tenant.placementEpoch)]);
    await client.query(...eventInsert(row));
    await client.query("SELECT directory.follow_directory($1)", [directoryRow]);
    await client.query("COMMIT");
  } catch (error) {
    rethrowRefusal(error);
  } finally {
    await client.end().catch(() => {});
  }
}
