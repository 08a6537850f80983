// Employees as CSV through the running app: the export streams every row (across its pages) with
// the columns an import takes and formulas defused; an import is checked row by row and is all or
// nothing: a file with bad rows imports none and names each bad line; 10,000 good rows go in one
// transaction with one summary event. Viewers may export, not import.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parse } from "csv-parse/sync";
import { hashPassword } from "@/lib/auth/password";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "csv-password-123";
const stamp = Date.now().toString(36);
const emails = { owner: `owner-${stamp}@csv.test`, viewer: `viewer-${stamp}@csv.test` };
const ACTION = ["app/_actions/employees.ts", "importEmployeesAction"] as const;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
let tenantId: string;
const cookies = {} as Record<"owner" | "viewer", string>;

const count = async () => (await tenants.admin.query<{ n: number }>("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [tenantId])).rows[0].n;
const csvFile = (text: string) => new File([text], "people.csv", { type: "text/csv" });
const upload = (text: string, intent: "check" | "import", as: "owner" | "viewer" = "owner") => callAction(host, "/employees/import", ...ACTION, { file: csvFile(text), intent }, cookies[as]);

before(async () => {
  const slug = uniqueSlug("csv");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  tenantId = tenants.ids[0];
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Olga', $3), ($2, 'Vic', $3) RETURNING id", [emails.owner, emails.viewer, hash]);
  await asTenant(tenants.admin, tenantId, async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'viewer')", [users.rows[0].id, users.rows[1].id]);
    await tenants.admin.query("INSERT INTO projects (name, status) VALUES ('Apollo', 'active'), ('Old Times', 'archived')");
    await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Eve Existing', 'eve@csv.test', '=HYPERLINK(\"x\")', 'Ops')");
  });
  cookies.owner = await sessionCookie(host, emails.owner, PASSWORD);
  cookies.viewer = await sessionCookie(host, emails.viewer, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("a file with bad rows imports nothing and lists each bad line with its reason", async () => {
  const file = [
    "name,email,title,department,project",
    "Ann Able,ann@csv.test,Pilot,Air,Apollo",
    "Bad Email,not-an-email,,,",
    "Cy Clear,cy@csv.test,,,",
    "Dee Lost,dee@csv.test,,,Nowhere",
    "Eve Again,eve@csv.test,,,",
    "Ann Twice,ann@csv.test,,,",
    "Fay Archived,fay@csv.test,,,Old Times",
  ].join("\n");
  const before = await count();
  const result = await upload(file, "import");
  assert.equal(result.state?.code, "invalid_request", JSON.stringify(result.state));
  const problems = result.state?.data?.problems as { line: number; reason: string }[];
  assert.deepEqual(problems.map((p) => p.line), [3, 5, 6, 7, 8], JSON.stringify(problems));
  assert.match(problems[0].reason, /^email: Enter a valid email address\./);
  assert.equal(problems[1].reason, "No project named “Nowhere”.");
  assert.equal(problems[2].reason, "Someone here already has the email eve@csv.test.");
  assert.equal(problems[3].reason, "ann@csv.test is also on line 2.");
  assert.equal(problems[4].reason, "The project “Old Times” is archived.");
  assert.equal(await count(), before, "a bad file wrote something");
});

test("a control character in a cell is that row's problem, as in the forms, never a 500", async () => {
  const before = await count();
  const result = await upload("name,email,title\nGood Gil,gil@csv.test,Chef\nNul\u0000Name,nul@csv.test,Chef\nTab Tam,tam@csv.test,Es\u001bcape", "import");
  assert.equal(result.status, 200);
  const problems = result.state?.data?.problems as { line: number; reason: string }[];
  assert.deepEqual(problems, [
    { line: 3, reason: "name: Control characters are not allowed." },
    { line: 4, reason: "title: Control characters are not allowed." },
  ], JSON.stringify(result.state));
  assert.equal(await count(), before);
});

test("what is not a usable file is a 400 on the file field, never a 500", async () => {
  for (const [text, reason] of [
    ["", /no rows/],
    ["name,email,salary\nA,a@csv.test,1", /Unknown column “salary”/],
    ["title\nBoss", /at least the columns name and email/],
    ['name,email\n"unterminated,a@csv.test', /Not a CSV file we can read/],
    [`name,email\n${Array.from({ length: 10_001 }, (_, i) => `P${i},p${i}@big.test`).join("\n")}`, /At most 10,000 rows at a time; this file has 10,001/],
  ] as const) {
    const result = await upload(text, "check");
    assert.match(result.state?.fields?.file?.[0] ?? "", reason, JSON.stringify(result.state));
  }
  const noFile = await callAction(host, "/employees/import", ...ACTION, { intent: "import" }, cookies.owner);
  assert.deepEqual(noFile.state?.fields?.file, ["Choose a CSV file."]);
});

test("10,000 rows: checked without writing, then imported in one transaction with one summary event", async () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `Person ${i},p${i}-${stamp}@csv.test,Title ${i},Dept ${i % 7},${i % 3 === 0 ? "Apollo" : ""}`);
  const file = ["name,email,title,department,project", ...rows].join("\n");
  const before = await count();
  const checked = await upload(file, "check");
  assert.equal(checked.state?.ok, true, JSON.stringify(checked.state).slice(0, 300));
  assert.equal(checked.state?.data?.ready, 10_000);
  assert.equal(await count(), before);
  const imported = await upload(file, "import");
  assert.equal(imported.state?.ok, true, JSON.stringify(imported.state).slice(0, 300));
  assert.equal(await count(), before + 10_000);
  const events = await tenants.admin.query("SELECT payload FROM events WHERE tenant_id = $1 AND type = 'employee.imported'", [tenantId]);
  assert.deepEqual(events.rows.map((r) => r.payload), [{ count: 10_000 }]);
  const created = await tenants.admin.query("SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND type = 'employee.created'", [tenantId]);
  assert.equal(created.rows[0].n, 0, "one summary event, not one per row");
});

test("the export streams every employee with the import's columns, formulas defused; a viewer may export, not import", async () => {
  const res = await request(host, "/api/employees/export", { headers: { cookie: cookies.viewer } });
  assert.equal(res.status, 200);
  assert.equal(res.headers["content-type"], "text/csv; charset=utf-8");
  assert.match(String(res.headers["content-disposition"]), /^attachment; filename=".+-employees-\d{4}-\d{2}-\d{2}\.csv"$/);
  const records = parse(res.body, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(records[0]), ["name", "email", "title", "department", "project"]);
  assert.equal(records.length, await count());
  assert.equal(new Set(records.map((r) => r.email)).size, records.length, "a row came twice across pages");
  assert.equal(records.find((r) => r.email === "eve@csv.test")?.title, `'=HYPERLINK("x")`);
  assert.equal(records.find((r) => r.email === `p3-${stamp}@csv.test`)?.project, "Apollo");
  const refused = await upload("name,email\nVal,val@csv.test", "import", "viewer");
  assert.equal(refused.state?.code, "forbidden");
  assert.equal((await request(host, "/api/employees/export")).status, 401);
});

test("the projects export lists each project with its status and how many people are on it", async () => {
  const res = await request(host, "/api/projects/export", { headers: { cookie: cookies.viewer } });
  assert.equal(res.status, 200);
  assert.match(String(res.headers["content-disposition"]), /-projects-\d{4}-\d{2}-\d{2}\.csv"$/);
  const records = parse(res.body, { columns: true }) as Record<string, string>[];
  assert.deepEqual(records.map((r) => [r.name, r.status]).sort(), [["Apollo", "active"], ["Old Times", "archived"]]);
  assert.equal(records.find((r) => r.name === "Apollo")?.people, String(Math.ceil(10_000 / 3)));
});
