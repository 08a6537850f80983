// Search, filters and sort orders on GET /api/employees: they narrow the tenant's own rows, page
// correctly both ways, and reject bad values with a field reason.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { EMPLOYEE_SORTS } from "@/lib/employees/employee-reads";
import { adminUrl, connect } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

type Row = { id: string; name: string; email: string; department: string; projectId: string | null };
const cookie: Record<string, string> = {};

before(async () => {
  cookie.acme = await sessionCookie("acme.localhost", "alice@acme.test");
  cookie.globex = await sessionCookie("globex.localhost", "gina@globex.test");
});

async function all(host: "acme" | "globex", query: string, limit = 100): Promise<Row[]> {
  const rows: Row[] = [];
  let after = "";
  for (let i = 0; i < 50; i++) {
    const res = await request(`${host}.localhost`, `/api/employees?limit=${limit}&${query}${after && `&after=${after}`}`, { headers: { cookie: cookie[host] } });
    assert.equal(res.status, 200, res.body);
    const page = res.json();
    rows.push(...page.data);
    if (!page.nextCursor) return rows;
    after = page.nextCursor;
  }
  throw new Error("did not end");
}

test("q matches name or email, case-insensitively, within the tenant", async () => {
  const acme = await all("acme", "q=ADA");
  assert.ok(acme.length > 0);
  for (const r of acme) assert.ok(/ada/i.test(r.name) || /ada/i.test(r.email), r.name);
  for (const r of await all("globex", "q=ada")) assert.match(r.email, /@globex\.test$/);
});

test("department and project filters, including no project, and paging through a filter", async () => {
  const engineering = await all("acme", "department=Engineering");
  assert.ok(engineering.length > 0 && engineering.every((r) => r.department === "Engineering"));
  assert.deepEqual((await all("acme", "department=Engineering", 3)).map((r) => r.id), engineering.map((r) => r.id));
  const unassigned = await all("acme", "projectId=none");
  assert.ok(unassigned.length > 0 && unassigned.every((r) => r.projectId === null));
  const projectId = engineering.find((r) => r.projectId)!.projectId!;
  const onProject = await all("acme", `projectId=${projectId}`);
  assert.ok(onProject.length > 0 && onProject.every((r) => r.projectId === projectId));
  assert.deepEqual(await all("globex", `projectId=${projectId}`), []); // another tenant's project: nothing
});

test("bad filter values get 400 naming the field", async () => {
  for (const [query, field] of [["projectId=bogus", "projectId"], [`q=${"x".repeat(101)}`, "q"], ["sort=salary", "sort"], ["sort=-", "sort"]]) {
    const res = await request("acme.localhost", `/api/employees?${query}`, { headers: { cookie: cookie.acme } });
    assert.equal(res.status, 400, query);
    assert.ok(res.json().error.fields[field], res.body);
  }
});

// "project" is the project's name, people without one last ascending (Postgres's NULL order).
const COLUMN: Record<string, string> = { name: "e.name", title: "e.title", department: "e.department", project: "p.name", added: "e.created_at" };

for (const sort of EMPLOYEE_SORTS) {
  test(`sort=${sort} pages through the tenant's rows in Postgres's order, forwards and back`, async () => {
    const desc = sort.startsWith("-");
    const column = COLUMN[desc ? sort.slice(1) : sort];
    const admin = await connect(adminUrl());
    const { rows: expected } = await admin.query(
      `SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id LEFT JOIN projects p ON p.id = e.project_id
       WHERE t.slug = 'acme' ORDER BY ${column} ${desc ? "DESC" : "ASC"}, e.id ${desc ? "DESC" : "ASC"}`,
    );
    await admin.end();
    const forward = await all("acme", `sort=${sort}`, 7);
    assert.deepEqual(forward.map((r) => r.id), expected.map((r) => r.id));
    // From the last page back to the first with prevCursor: the same rows, page by page.
    const get = async (q: string) => (await request("acme.localhost", `/api/employees?sort=${sort}&limit=7${q}`, { headers: { cookie: cookie.acme } })).json();
    let page = await get("");
    while (page.nextCursor) page = await get(`&after=${page.nextCursor}`);
    const pages: Row[][] = [page.data];
    while (page.prevCursor) pages.unshift((page = await get(`&before=${page.prevCursor}`)).data);
    assert.deepEqual(pages.flat().map((r) => r.id), forward.map((r) => r.id));
  });
}

test("a cursor from one order is refused in another", async () => {
  const first = await request("acme.localhost", "/api/employees?limit=5", { headers: { cookie: cookie.acme } });
  const res = await request("acme.localhost", `/api/employees?limit=5&sort=title&after=${first.json().nextCursor}`, { headers: { cookie: cookie.acme } });
  assert.equal(res.status, 400, res.body);
  assert.deepEqual(res.json().error.fields, { after: ["Not a valid cursor for this order."] });
});
