// Scenario 8: exporting and restoring a tenant of 100,000 employees (and 10,000 events), each in
// a process of its own: rows per second and peak memory. The same for a tenant a tenth that size
// shows whether memory stays flat as tenants grow (it should: both stream in batches).
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { eraseTenant } from "../scripts/tenantry/portability/erase";

type Run = { ms: number; rows: number; peakRssMiB: number };

function child(mode: "export" | "restore", adminUrl: string, slug: string, file: string): Run {
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "portability-child.ts"), mode, adminUrl, slug, file], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/** A tenant of `employees` employees and a tenth as many events, made fresh. */
async function makeTenant(admin: pg.Client, slug: string, employees: number): Promise<string> {
  await forget(admin, slug);
  const { rows } = await admin.query<{ id: string }>("INSERT INTO tenants (slug, name, plan) VALUES ($1, 'Bench Export', 'enterprise') RETURNING id", [slug]);
  const id = rows[0].id;
  await admin.query("BEGIN");
  await admin.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
  await admin.query(
    `INSERT INTO employees (name, email, title, department)
     SELECT 'Employee ' || i, 'e' || i || '@bench.test', 'Title ' || (i % 40), 'Department ' || (i % 12) FROM generate_series(1, $1) AS i`,
    [employees],
  );
  await admin.query(
    `INSERT INTO events (type, payload, actor_kind, actor_name)
     SELECT 'employee.created', jsonb_build_object('id', gen_random_uuid(), 'name', 'Employee ' || i), 'system', NULL FROM generate_series(1, $1) AS i`,
    [employees / 10],
  );
  await admin.query("COMMIT");
  return id;
}

async function forget(admin: pg.Client, slug: string) {
  await admin.query("DELETE FROM tenants WHERE slug = $1", [slug]);
  await admin.query("DELETE FROM directory.tombstones WHERE slug = $1", [slug]);
}

export async function portabilityScenario({ adminUrl, log }: { adminUrl: string; log: (s: string) => void }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const results: Record<string, { export: Run; restore: Run }> = {};
  try {
    for (const [size, employees] of [["small", 10_000], ["large", 100_000]] as const) {
      const slug = `bench-export-${size}`;
      const file = path.join(tmpdir(), `${slug}.jsonl.gz`);
      log(`  ${size}: ${employees.toLocaleString("en")} employees, ${(employees / 10).toLocaleString("en")} events`);
      await makeTenant(admin, slug, employees);
      const exported = child("export", adminUrl, slug, file);
      await admin.query("UPDATE tenants SET status = 'inactive' WHERE slug = $1", [slug]);
      await eraseTenant(adminUrl, slug, "bench");
      const restored = child("restore", adminUrl, slug, file);
      const [{ n }] = (await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = $1", [slug])).rows;
      if (n !== employees) throw new Error(`restored ${n} employees of ${employees}`);
      results[size] = { export: exported, restore: restored };
      await forget(admin, slug);
      await rm(file, { force: true });
    }
  } finally {
    await admin.end();
  }
  const figures = (kind: "export" | "restore") => ({
    rows: results.large[kind].rows,
    rowsPerSec: Math.round(results.large[kind].rows / (results.large[kind].ms / 1000)),
    peakRssMiB: results.large[kind].peakRssMiB,
    seconds: Number((results.large[kind].ms / 1000).toFixed(1)),
    // The same for a tenant a tenth the size: flat memory means nearly the same peak.
    tenthSize: { rows: results.small[kind].rows, peakRssMiB: results.small[kind].peakRssMiB },
  });
  return { export: figures("export"), restore: figures("restore") };
}
