import { readdir } from "node:fs/promises";
import path from "node:path";

let newest: Promise<string> | null = null;

/** The newest migration the code ships (prisma/migrations, read once): the schema it expects. */
export function newestMigration(): Promise<string> {
  newest ??= readdir(path.join(process.cwd(), "prisma", "migrations")).then((names) => names.filter((n) => /^\d{14}_/.test(n)).sort().at(-1) ?? "none");
  return newest;
}
