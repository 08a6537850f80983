// `tenantry check`, run as an operator runs it (the CLI, as a child process): it passes on the
// migrated database, fails naming the check on a broken one, and its self-test proves each check
// can fail — including on each of the broken copies the lifecycle issue lists.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { migrate } from "../../scripts/migrate";
import { adminUrl, connect } from "../support/env";
import { tenantry } from "../support/tenantry-cli";
import { env } from "@/lib/env";

type Report = { passed: boolean; databases: { database: string; results: { id: string; passed: boolean; findings: { subject: string; reason: string }[] }[] }[] };

test("on the migrated database every check passes: at least 30, each with its own id", async () => {
  const { code, stdout, stderr } = await tenantry(["check", "--json"]);
  const report = JSON.parse(stdout) as Report;
  const results = report.databases[0].results;
  assert.deepEqual(results.filter((r) => !r.passed), [], stderr);
  assert.equal(code, 0);
  assert.ok(results.length >= 30, `${results.length} checks`);
  assert.equal(new Set(results.map((r) => r.id)).size, results.length);
});

test("human output has one line per check and the summary; SARIF names every rule and reports no result", async () => {
  const text = await tenantry(["check"]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^ {2}pass {2}rls-forced +Every tenant table forces row-level security/m);
  assert.match(text.stdout, /(\d+) checks: \1 passed, 0 failed/);
  const sarif = JSON.parse((await tenantry(["check", "--sarif"])).stdout);
  assert.equal(sarif.version, "2.1.0");
  assert.ok(sarif.runs[0].tool.driver.rules.length >= 30);
  assert.deepEqual(sarif.runs[0].results, []);
});

test("on a broken database it exits 1, names the check with the table and how to fix it, and SARIF carries the finding", async () => {
  const scratch = `tenantry_check_${randomUUID().slice(0, 8)}`;
  const inScratch = (url: string) => Object.assign(new URL(url), { pathname: `/${scratch}` }).toString();
  const admin = await connect(adminUrl());
  await admin.query(`CREATE DATABASE ${scratch}`);
  try {
    await migrate(inScratch(adminUrl()), () => {});
    const broken = await connect(inScratch(adminUrl()));
    await broken.query("CREATE POLICY everyone ON employees USING (true) WITH CHECK (true)");
    await broken.end();
    const urls = { DATABASE_URL: inScratch(env().DATABASE_URL!), DATABASE_ADMIN_URL: inScratch(adminUrl()) };

    const text = await tenantry(["check"], urls);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /FAIL {2}policy-tenant-predicate .*\n +public\.employees: policy everyone USING \(true\) does not require the current tenant\n(?: +public\..*\n)* +fix: drop the policy/);
    assert.match(text.stdout, /FAIL {2}probe-new-tenant-empty/);

    const sarif = JSON.parse((await tenantry(["check", "--sarif"], urls)).stdout);
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string; level: string }) => r.ruleId === "policy-tenant-predicate" && r.level === "error"));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  }
});

// The broken copies the lifecycle issue names, and the check each must trip.
const REQUIRED = {
  "row-level security disabled": "rls-enabled",
  "FORCE ROW LEVEL SECURITY off": "rls-forced",
  "a permissive USING (true) policy beside the tenant's": "policy-tenant-predicate",
  "a policy with an OR on a bypass setting": "policy-no-other-setting",
  "a policy without WITH CHECK": "policy-with-check",
  "the app role given BYPASSRLS": "app-role-bypasses-rls",
  "the app role owning a table": "app-role-owns-nothing",
  "a unique constraint without tenant_id": "unique-includes-tenant",
  "a tenant table with no policy": "policy-present",
  "a tenant table with no index leading with tenant_id": "tenant-id-leads-index",
  "a view without security_invoker": "view-security-invoker",
  "a SECURITY DEFINER function reading a tenant table": "definer-reads-tenant-table",
};

test("--self-test: the untouched copy passes, and every break (the 12 listed among them) fails the checks it must", async () => {
  const { code, stdout, stderr } = await tenantry(["check", "--self-test", "--json"]);
  assert.ok(stdout.startsWith("["), `no report (exit ${code}): ${stderr}`);
  const results = JSON.parse(stdout) as { name: string; mustFail: string[]; failed: string[]; proven: boolean }[];
  assert.deepEqual(results.filter((r) => !r.proven), [], stderr);
  assert.equal(code, 0);
  assert.deepEqual(results[0], { name: "the untouched schema", mustFail: [], failed: [], proven: true });
  for (const [name, check] of Object.entries(REQUIRED)) {
    const result = results.find((r) => r.name === name);
    assert.ok(result, `no break named "${name}"`);
    assert.ok(result.failed.includes(check), `${name}: ${check} did not fail (failed: ${result.failed.join(", ")})`);
  }
  const { stdout: list } = await tenantry(["check", "--json"]);
  const ids = (JSON.parse(list) as Report).databases[0].results.map((r) => r.id);
  const proven = new Set(results.flatMap((r) => r.mustFail));
  assert.deepEqual(ids.filter((id) => !proven.has(id)), [], "every check has a break that makes it fail");
});
