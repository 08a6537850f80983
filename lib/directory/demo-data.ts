import type { ControlPlaneSql } from "@/lib/tenancy/db/control-plane-pool";

// A few projects and people for a new workspace to be tried with (`tenantry tenants create
// --demo-data`, the operator API's `demoData`). Small enough for the Free plan's limits; written
// in the provisioning transaction with the new tenant bound, so each row takes its tenant_id from
// the binding like the app's own rows.

const PROJECTS = [
  { name: "Website relaunch", status: "active" },
  { name: "Customer onboarding", status: "planned" },
  { name: "Office move", status: "completed" },
] as const;

const PEOPLE = [
  ["Ada Lindqvist", "Engineer", "Engineering"],
  ["Ben Okafor", "Designer", "Design"],
  ["Chloé Martin", "Product Manager", "Product"],
  ["Dev Patel", "Senior Engineer", "Engineering"],
  ["Eun-ji Park", "Analyst", "Operations"],
  ["Felix Brandt", "Support Specialist", "Support"],
] as const;

export async function insertDemoData(sql: ControlPlaneSql): Promise<void> {
  const { rows } = await sql.query<{ id: string }>(
    "INSERT INTO projects (name, status) SELECT n, s::project_status FROM unnest($1::text[], $2::text[]) AS p(n, s) RETURNING id",
    [PROJECTS.map((p) => p.name), PROJECTS.map((p) => p.status)],
  );
  const projectOf = (i: number) => (i % 4 === 3 ? null : rows[i % rows.length].id); // some have no project
  await sql.query(
    `INSERT INTO employees (name, email, title, department, project_id)
     SELECT n, e, t, d, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[]) AS x(n, e, t, d, p)`,
    [
      PEOPLE.map(([name]) => name),
      PEOPLE.map(([name]) => `${name.split(" ")[0].normalize("NFD").replace(/[^A-Za-z-]/g, "").toLowerCase()}@example.com`),
      PEOPLE.map(([, title]) => title),
      PEOPLE.map(([, , department]) => department),
      PEOPLE.map((_, i) => projectOf(i)),
    ],
  );
}
