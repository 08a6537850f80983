// The three ways `tenantry check` reports: for a person, for a script (--json), for a CI system
// that annotates code (--sarif). SARIF is a small, fixed JSON shape; no library is needed to write it.
import type { DatabaseReport } from "./run-checks";
import { CHECKS } from "./catalogue";

export function textReport(reports: DatabaseReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`tenantry check · ${report.database}`);
    const width = Math.max(...report.results.map((r) => r.id.length));
    for (const r of report.results) {
      lines.push(`  ${r.passed ? "pass" : "FAIL"}  ${r.id.padEnd(width)}  ${r.title}`);
      for (const f of r.findings) lines.push(`          ${f.subject}: ${f.reason}`);
      if (!r.passed) lines.push(`          fix: ${r.fix}`);
    }
    const failed = report.results.filter((r) => !r.passed).length;
    lines.push(`  ${report.results.length} checks: ${report.results.length - failed} passed, ${failed} failed`, "");
  }
  return lines.join("\n");
}

export function jsonReport(reports: DatabaseReport[]): string {
  return JSON.stringify({ passed: reports.every((r) => r.results.every((c) => c.passed)), databases: reports }, null, 2);
}

/** SARIF 2.1.0: one rule per check, one result per finding, located by the database object's name. */
export function sarifReport(reports: DatabaseReport[]): string {
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "tenantry check",
              rules: CHECKS.map((c) => ({ id: c.id, shortDescription: { text: c.title }, help: { text: c.fix } })),
            },
          },
          results: reports.flatMap((report) =>
            report.results.flatMap((r) =>
              r.findings.map((f) => ({
                ruleId: r.id,
                level: "error",
                message: { text: `${f.subject}: ${f.reason}` },
                locations: [{ logicalLocations: [{ fullyQualifiedName: `${report.database}/${f.subject}` }] }],
              })),
            ),
          ),
        },
      ],
    },
    null,
    2,
  );
}
