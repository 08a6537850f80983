// The hand-written runner must leave the database exactly as `prisma migrate deploy` would.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { migrate, readMigrations } from "../../scripts/migrate";
import { adminUrl, connect } from "../support/env";

test("every migration is recorded as Prisma records it, with its checksum", async () => {
  const migrations = await readMigrations();
  assert.ok(migrations.length >= 1);
  const admin = await connect(adminUrl());
  try {
    const { rows } = await admin.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    assert.deepEqual(rows.map((r) => r.migration_name), migrations.map((m) => m.name));
    for (const [i, m] of migrations.entries()) {
      assert.equal(rows[i].checksum, createHash("sha256").update(m.sql).digest("hex"));
      assert.ok(rows[i].finished_at instanceof Date);
      assert.equal(rows[i].rolled_back_at, null);
      assert.equal(rows[i].applied_steps_count, 1);
    }
  } finally {
    await admin.end();
  }
});

test("running again applies nothing", async () => {
  assert.deepEqual(await migrate(adminUrl(), () => {}), []);
});

test("an applied migration that was edited afterwards stops the runner", async () => {
  const [first] = await readMigrations();
  const admin = await connect(adminUrl());
  try {
    await admin.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [first.name]);
    await assert.rejects(migrate(adminUrl(), () => {}), /was edited after it was applied/);
  } finally {
    await admin.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [first.checksum, first.name]);
    await admin.end();
  }
});
