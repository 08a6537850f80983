// `tenantry servers …` and `tenantry move`: where tenants' databases live (README, Placements).
import type { Command } from "commander";
import { print } from "../command-helpers";
import { parseMoveTarget, moveTenant } from "./move";
import { listServers, registerServer } from "./servers";
import pg from "pg";

export function registerPlacementCommands(program: Command, adminUrl: () => string) {
  const servers = program.command("servers").description("The Postgres servers that can hold dedicated databases.");
  servers
    .command("list")
    .description("List the registered servers and the variables that hold their connections.")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        const rows = await listServers(client);
        print(options.json, rows, rows.map((s) => `${s.name.padEnd(12)} admin: $${s.adminUrlEnv}  app: $${s.appUrlEnv}  ${s.notes ?? ""}`).join("\n"));
      } finally {
        await client.end();
      }
    });
  servers
    .command("add <name>")
    .description("Register a server (or change its registration). Its connections stay in the environment: give the variables' names.")
    .requiredOption("--admin-url-env <variable>", "the variable holding the owner's postgresql:// URL on that server")
    .requiredOption("--app-url-env <variable>", "the variable holding the app login role's postgresql:// URL on that server")
    .option("--notes <text>", "capacity, region, anything an operator should know", "")
    .action(async (name: string, options: { adminUrlEnv: string; appUrlEnv: string; notes: string }) => {
      await registerServer(adminUrl(), { name, adminUrlEnv: options.adminUrlEnv, appUrlEnv: options.appUrlEnv, notes: options.notes });
      process.stdout.write(`registered ${name}\n`);
    });

  program
    .command("move <slug>")
    .description("Move a workspace's rows to the shared database or to a dedicated database (on the primary server, or dedicated:<server>), while it is served.")
    .requiredOption("--to <placement>", "shared | dedicated | dedicated:<server>")
    .option("--json", "print the report as JSON")
    .action(async (slug: string, options: { to: string; json?: boolean }) => {
      const report = await moveTenant(adminUrl(), slug, parseMoveTarget(options.to), options.json ? () => {} : (line) => process.stderr.write(`${line}\n`));
      const rows = Object.entries(report.rows).map(([table, n]) => `${table} ${n}`).join(", ");
      print(options.json, report, `moved ${slug} from ${report.from} to ${report.to} (epoch ${report.epoch}) in ${Math.round(report.totalMs)} ms; writes refused for ${Math.round(report.windowMs)} ms\n${rows}`);
    });
}
