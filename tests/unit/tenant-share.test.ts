import assert from "node:assert/strict";
import { test } from "node:test";
import { TenantShare, TenantShareTimeout } from "@/lib/tenancy/db/tenant-share";

test("a tenant at its share waits for one of its own connections; another tenant does not wait", async () => {
  const share = new TenantShare(2, 1000);
  const first = await share.acquire("a");
  await share.acquire("a");
  let third = false;
  const waiting = share.acquire("a").then((release) => ((third = true), release));
  const other = await share.acquire("b"); // b has its own share
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(third, false, "a's third waits");
  first();
  first(); // giving back twice counts once
  await waiting;
  assert.equal(third, true, "and gets the slot a gave back");
  other();
});

test("a tenant that waits past the bound is refused with TenantShareTimeout, and leaves no trace", async () => {
  const share = new TenantShare(1, 50);
  const held = await share.acquire("a");
  await assert.rejects(share.acquire("a"), TenantShareTimeout);
  held();
  const again = await share.acquire("a"); // the timed-out waiter took nothing with it
  again();
});
