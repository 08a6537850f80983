import type { CheckContext } from "./context";

/** Something a check found wrong: what (a table, a role, a function…) and why. */
export type Finding = { subject: string; reason: string };

/**
 * One rule of `tenantry check`. `run` answers the findings (none: the check passes). `fix` says
 * what to do about a finding, in a sentence an operator can act on.
 */
export type Check = {
  id: string;
  title: string;
  fix: string;
  run(ctx: CheckContext): Promise<Finding[]>;
};

/** Runs `perTable` over every tenant table and collects what it reports. */
export async function eachTenantTable(
  ctx: CheckContext,
  perTable: (table: CheckContext["tenantTables"][number]) => Promise<string | string[] | null>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const table of ctx.tenantTables) {
    const result = await perTable(table);
    for (const reason of result === null ? [] : [result].flat()) findings.push({ subject: table.qualified, reason });
  }
  return findings;
}
