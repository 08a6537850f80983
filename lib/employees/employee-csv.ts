import { parse } from "csv-parse/sync";
import { csvStream } from "@/lib/csv-export";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { recordEvent } from "@/lib/events/record-event";
import { isUniqueViolation, type TenantDb } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";
import { employeeCreateSchema } from "./employee-writes";

// Employees in and out as CSV (csv-parse, csv-stringify). An import is checked row by row with
// the forms' own schema and then written all or nothing, in one transaction with one summary
// event (a 10,000-row file is one `employee.imported`, not 10,000 live notices). The export has
// the same columns (lib/csv-export.ts streams it).

export const CSV_COLUMNS = ["name", "email", "title", "department", "project"] as const;
export const MAX_IMPORT_ROWS = 10_000;

export type RowProblem = { line: number; reason: string };
type Row = { line: number; values: Record<string, string> };
type Checked = { valid: { name: string; email: string; title: string; department: string; projectId: string | null }[]; problems: RowProblem[] };

const refused = (reason: string) => new TenancyError("invalid_request", "The request is invalid.", { file: [reason] });

/** The file's rows with their line numbers, or a 400 naming what is wrong with the file as a whole. */
function rowsOf(text: string): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (error) {
    throw refused(`Not a CSV file we can read: ${(error as Error).message}`);
  }
  if (records.length === 0) throw refused(`The file has no rows. The first line names the columns: ${CSV_COLUMNS.join(", ")}.`);
  const columns = Object.keys(records[0].record);
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw refused(`Unknown column ${unknown.map((c) => `“${c}”`).join(", ")}. The columns are: ${CSV_COLUMNS.join(", ")}.`);
  if (!columns.includes("name") || !columns.includes("email")) throw refused("The first line must name at least the columns name and email.");
  if (records.length > MAX_IMPORT_ROWS) throw refused(`At most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows at a time; this file has ${records.length.toLocaleString("en")}.`);
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}

/** Every row checked as the form would check it, plus what only a whole file can get wrong: the same email twice, or one already here. */
export async function checkEmployeeCsv(db: TenantDb, text: string): Promise<Checked> {
  const rows = rowsOf(text);
  const projects = new Map((await db.project.findMany({ select: { id: true, name: true, status: true } })).map((p) => [p.name.toLowerCase(), p]));
  const problems: RowProblem[] = [];
  const valid: Checked["valid"] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, values } of rows) {
    const projectName = values.project?.trim() ?? "";
    const project = projectName ? projects.get(projectName.toLowerCase()) : undefined;
    if (projectName && !project) problems.push({ line, reason: `No project named “${projectName}”.` });
    else if (project?.status === "archived") problems.push({ line, reason: `The project “${project.name}” is archived.` });
    // The forms' own validation (control characters included), its field reasons made this line's.
    let employee: Checked["valid"][number];
    try {
      employee = parseOrThrow(employeeCreateSchema, { name: values.name ?? "", email: values.email ?? "", title: values.title ?? "", department: values.department ?? "", projectId: project?.id ?? null });
    } catch (error) {
      if (!(error instanceof TenancyError)) throw error;
      problems.push(...Object.entries(error.fields ?? {}).flatMap(([field, reasons]) => reasons.map((reason) => ({ line, reason: `${field}: ${reason}` }))));
      continue;
    }
    const seen = firstLineOf.get(employee.email);
    if (seen !== undefined) problems.push({ line, reason: `${employee.email} is also on line ${seen}.` });
    else firstLineOf.set(employee.email, line);
    valid.push(employee);
  }
  const existing = await db.employee.findMany({ where: { email: { in: [...firstLineOf.keys()] } }, select: { email: true } });
  for (const { email } of existing) problems.push({ line: firstLineOf.get(email)!, reason: `Someone here already has the email ${email}.` });
  problems.sort((a, b) => a.line - b.line);
  return { valid, problems };
}

/** Imports the file, all or nothing: the rows' problems if it has any (and nothing written), else the number added. */
export async function importEmployeeCsv(db: TenantDb, text: string, actor: Actor): Promise<{ imported: number } | { problems: RowProblem[] }> {
  const { valid, problems } = await checkEmployeeCsv(db, text);
  if (problems.length > 0) return { problems };
  try {
    const imported = await db.$transaction(async (tx) => {
      const { count } = await tx.employee.createMany({ data: valid });
      await recordEvent(tx, "employee.imported", { count }, actor);
      return count;
    });
    return { imported };
  } catch (error) {
    // Someone added one of these emails between the check and the write: nothing was imported.
    if (isUniqueViolation(error)) throw refused("Someone added one of these emails just now. Nothing was imported: check the file again.");
    throw error;
  }
}

/** The workspace's employees as CSV, a page at a time as the reader pulls (the same columns an import takes). */
export function employeeCsvStream(db: TenantDb): ReadableStream<Uint8Array> {
  return csvStream(
    CSV_COLUMNS,
    (keyset) => db.employee.findMany({ ...keyset, select: { id: true, name: true, email: true, title: true, department: true, project: { select: { name: true } } } }),
    (e) => [e.name, e.email, e.title, e.department, e.project?.name ?? ""],
  );
}
