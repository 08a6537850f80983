// The isolation suite must be able to fail: in a scratch database, migrated like any other and
// then broken on purpose, tests/db/isolation.test.ts is run as the production app role and has to
// go red, naming what broke. A suite that stays green here would prove nothing anywhere.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureAppLogin, migrate } from "../../scripts/migrate";
import { adminUrl, connect } from "../support/env";
import { env } from "@/lib/env";

const root = path.join(import.meta.dirname, "..", "..");
const scratch = `tenantry_meta_${randomUUID().slice(0, 8)}`;
const inScratch = (url: string) => Object.assign(new URL(url), { pathname: `/${scratch}` }).toString();

before(async () => {
  const admin = await connect(adminUrl());
  try {
    await admin.query(`CREATE DATABASE ${scratch}`);
  } finally {
    await admin.end();
  }
  await migrate(inScratch(adminUrl()), () => {});
  await ensureAppLogin(inScratch(adminUrl()), inScratch(env().DATABASE_URL!));
});

after(async () => {
  const admin = await connect(adminUrl());
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

/** Runs the isolation suite against the scratch database; resolves with its exit code and the names of the tests that failed. */
function runIsolationSuite(): Promise<{ code: number | null; failed: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", "tests/db/isolation.test.ts"], {
      cwd: root,
      // NODE_TEST_CONTEXT would make the inner runner report to this one instead of running on its own.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, DATABASE_URL: inScratch(env().DATABASE_URL!), DATABASE_ADMIN_URL: inScratch(adminUrl()), TENANTRY_VIA_PGBOUNCER: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const passed = Number(out.match(/^# pass (\d+)$/m)?.[1] ?? 0);
      assert.ok(passed + [...out.matchAll(/^# fail (\d+)$/gm)].length > 0, `the suite did not run:\n${out.slice(0, 2000)}`);
      resolve({ code, failed: [...out.matchAll(/^\s*not ok \d+ - (.+)$/gm)].map((m) => m[1]) });
    });
  });
}

async function breakWith(sql: string) {
  const admin = await connect(inScratch(adminUrl()));
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

test("the suite passes on the intact scratch database (so the breaks below are what turns it red)", async () => {
  const { code, failed } = await runIsolationSuite();
  assert.deepEqual(failed, []);
  assert.equal(code, 0);
});

test("a permissive USING (true) policy beside the tenant's: the suite goes red", async () => {
  await breakWith("CREATE POLICY everyone ON employees USING (true) WITH CHECK (true)");
  const { code, failed } = await runIsolationSuite();
  assert.notEqual(code, 0);
  assert.ok(failed.some((name) => /see none of A's rows/.test(name)), failed.join("; "));
  assert.ok(failed.some((name) => /RLS enabled and forced/.test(name)), failed.join("; "));
  await breakWith("DROP POLICY everyone ON employees");
});

test("row-level security turned off on one table: the suite goes red", async () => {
  await breakWith("ALTER TABLE projects DISABLE ROW LEVEL SECURITY");
  const { code, failed } = await runIsolationSuite();
  assert.notEqual(code, 0);
  assert.ok(failed.some((name) => /RLS enabled and forced/.test(name)), failed.join("; "));
  assert.ok(failed.some((name) => /nothing is readable|see none of A's rows/.test(name)), failed.join("; "));
});
