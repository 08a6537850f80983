import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { CheckContext } from "./context";

/** Two tenants made for a probe, and the rows tenant A wrote. */
export type ProbeTenants = { a: string; b: string; projectId: string; employeeId: string; bind(tenant: string | null): Promise<void> };

/**
 * Runs `fn` as the app, in one transaction that is always rolled back: two new tenants, A with a
 * project and an employee. Nothing a probe does is ever committed, so it is safe on a live database.
 */
export async function withProbeTenants<T>(ctx: CheckContext, fn: (sql: pg.Client, probe: ProbeTenants) => Promise<T>): Promise<T> {
  const sql = await ctx.connectAsApp();
  try {
    await sql.query("BEGIN");
    const tag = randomUUID().slice(0, 8);
    const tenant = async (name: string) =>
      (await sql.query<{ id: string }>("SELECT directory.create_tenant($1, $2) AS id", [`check-probe-${name}-${tag}`, `check probe ${name}`])).rows[0].id;
    const a = await tenant("a");
    const b = await tenant("b");
    const bind = async (id: string | null) => {
      await sql.query("SELECT set_config('app.tenant_id', $1, true)", [id ?? ""]);
    };
    await bind(a);
    const project = await sql.query<{ id: string }>("INSERT INTO projects (name) VALUES ('check probe') RETURNING id");
    const employee = await sql.query<{ id: string }>(
      "INSERT INTO employees (name, email, title, department, project_id) VALUES ('Probe', $1, 'Probe', 'Probe', $2) RETURNING id",
      [`probe-${tag}@example.test`, project.rows[0].id],
    );
    return await fn(sql, { a, b, projectId: project.rows[0].id, employeeId: employee.rows[0].id, bind });
  } finally {
    await sql.query("ROLLBACK").catch(() => {});
    await sql.end();
  }
}

/**
 * Whether row-level security refused `statement` (SQLSTATE 42501), run in a savepoint. Any other
 * outcome (success, or a refusal for another reason, such as a NOT NULL or a foreign key) is no
 * proof that the policies hold.
 */
export async function refusedByPolicy(sql: pg.Client, statement: string, values: unknown[] = []): Promise<boolean> {
  await sql.query("SAVEPOINT probe");
  try {
    await sql.query(statement, values);
    await sql.query("RELEASE SAVEPOINT probe");
    return false;
  } catch (error) {
    await sql.query("ROLLBACK TO SAVEPOINT probe");
    return (error as { code?: string }).code === "42501";
  }
}
