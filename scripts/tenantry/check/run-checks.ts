import type { Check, Finding } from "./check";
import { checkContext, connect, type CheckTarget } from "./context";
import { CHECKS } from "./catalogue";

export type CheckResult = { id: string; title: string; fix: string; passed: boolean; findings: Finding[] };
export type DatabaseReport = { database: string; results: CheckResult[] };

/** Runs every check against one database. A check that cannot run fails, with the error as its finding. */
export async function checkDatabase(target: CheckTarget, checks: readonly Check[] = CHECKS): Promise<DatabaseReport> {
  const admin = await connect(target.adminUrl);
  try {
    const ctx = await checkContext(target, admin);
    const results: CheckResult[] = [];
    for (const check of checks) {
      let findings: Finding[];
      try {
        findings = await check.run(ctx);
      } catch (error) {
        findings = [{ subject: target.name, reason: `the check could not run: ${(error as Error).message}` }];
      }
      results.push({ id: check.id, title: check.title, fix: check.fix, passed: findings.length === 0, findings });
    }
    return { database: target.name, results };
  } finally {
    await admin.end();
  }
}

export const failedChecks = (report: DatabaseReport) => report.results.filter((r) => !r.passed);
