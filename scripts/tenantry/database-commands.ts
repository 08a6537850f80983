// `tenantry migrate` and `tenantry seed`: the schema on every tenant database, and the demo data.
import type { Command } from "commander";
import { ensureAppLogin, migrate } from "../migrate";
import { seed } from "../seed";
import { print } from "./command-helpers";
import type { CheckTarget } from "./check/context";

export function registerDatabaseCommands(program: Command, databases: () => CheckTarget[]) {
  program
    .command("migrate")
    .description("Apply pending migrations to every tenant database (today the shared one; dedicated databases join with placements). A database that fails is reported and the rest go on; the exit code says whether all succeeded.")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const results = [];
      for (const target of databases()) {
        try {
          const applied = await migrate(target.adminUrl, () => {});
          await ensureAppLogin(target.adminUrl, target.appUrl);
          results.push({ database: target.name, ok: true, applied });
        } catch (error) {
          results.push({ database: target.name, ok: false, applied: [], error: (error as Error).message });
        }
      }
      const text = results
        .map((r) => `${r.database.padEnd(10)} ${r.ok ? "ok    " : "FAILED"} ${r.ok ? (r.applied.length ? `applied ${r.applied.join(", ")}` : "up to date") : r.error}`)
        .join("\n");
      print(options.json, results, text);
      process.exitCode = results.every((r) => r.ok) ? 0 : 1;
    });

  program
    .command("seed")
    .description("Add the demo workspaces and accounts the README describes (idempotent: changes nothing that exists).")
    .action(async () => {
      await seed(databases()[0].adminUrl, (line) => process.stdout.write(`${line}\n`));
    });
}
