// The operator CLI: `npx tenantry <command>` (see the README's operator section). It talks to the
// control plane and the databases with the owner's connection (DATABASE_ADMIN_URL) and, for the
// check's probes, the app's (DATABASE_URL); without them, to the embedded database that
// `npm run dev` runs.
import { Command, Option } from "commander";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { embeddedUrls } from "../embedded-urls";
import type { CheckTarget } from "./check/context";
import { textReport, jsonReport, sarifReport } from "./check/report";
import { checkDatabase, failedChecks } from "./check/run-checks";
import { runSelfTest, selfTestReport } from "./check/self-test";
import { registerAuditCommand } from "./audit";
import { registerDatabaseCommands } from "./database-commands";
import { registerSupportCommands } from "./support";
import { registerTenantCommands } from "./tenants";
import { registerPlacementCommands } from "./placements/commands";
import { fleet } from "./placements/fleet";
import { SECOND_SERVER } from "./placements/servers";

/** The second embedded server's port under `npm run dev` (package.json), when TENANTRY_PG_SECOND_PORT is not set here. */
const DEV_SECOND_PORT = 54328;

/** The shared database, which is also the control plane (the embedded one unless DATABASE_URL is set). */
function shared(): CheckTarget {
  const { DATABASE_URL, DATABASE_ADMIN_URL, TENANTRY_PG_PORT } = env();
  const embedded = embeddedUrls(TENANTRY_PG_PORT);
  return { name: "shared", adminUrl: DATABASE_ADMIN_URL ?? embedded.adminUrl, appUrl: DATABASE_URL ?? embedded.appUrl };
}
// The primary server is registered by the variables above: on the embedded database, they are set
// here, and so are those of the second embedded server `npm run dev` starts (registered as "second").
if (!env().DATABASE_URL) {
  const second = embeddedUrls(env().TENANTRY_PG_SECOND_PORT || DEV_SECOND_PORT);
  process.env[SECOND_SERVER.adminUrlEnv] ||= second.adminUrl;
  process.env[SECOND_SERVER.appUrlEnv] ||= second.appUrl;
}
process.env.DATABASE_URL ||= shared().appUrl;
process.env.DATABASE_ADMIN_URL ||= shared().adminUrl;

const program = new Command("tenantry").description("Operate Tenantry's tenants and databases.").showHelpAfterError();

program
  .command("check")
  .description("Audit every tenant database (shared and dedicated) for isolation: catalog rules and a live probe as the app. Exits 1 on any failure.")
  .addOption(new Option("--json", "print the report as JSON").conflicts("sarif"))
  .addOption(new Option("--sarif", "print the report as SARIF 2.1.0, for CI annotations").conflicts("json"))
  .option("--self-test", "break scratch copies of the schema in each way the checks cover, and prove each check fails on its break")
  .action(async (options: { json?: boolean; sarif?: boolean; selfTest?: boolean }) => {
    const format = options.json ? "json" : options.sarif ? "sarif" : "text";
    if (options.selfTest) {
      const results = await runSelfTest(shared(), (line) => format === "text" && process.stderr.write(`${line}\n`));
      process.stdout.write(format === "json" ? `${JSON.stringify(results, null, 2)}\n` : selfTestReport(results));
      process.exitCode = results.every((r) => r.proven) ? 0 : 1;
      return;
    }
    const reports = [];
    for (const target of await fleet(shared())) reports.push(await checkDatabase(target));
    process.stdout.write(`${{ text: textReport, json: jsonReport, sarif: sarifReport }[format](reports)}\n`);
    process.exitCode = reports.some((r) => failedChecks(r).length > 0) ? 1 : 0;
  });

registerTenantCommands(program, () => shared().adminUrl);
registerAuditCommand(program, () => shared().adminUrl);
registerSupportCommands(program, () => shared().adminUrl);
registerDatabaseCommands(program, shared);
registerPlacementCommands(program, () => shared().adminUrl);

try {
  await program.parseAsync();
} catch (error) {
  // A typed refusal (no such workspace, a transition its status does not allow) is the operator's
  // to fix: exit 1 with its message. Anything else is a fault: exit 2.
  console.error(`tenantry: ${(error as Error).message}`);
  process.exitCode = error instanceof TenancyError ? 1 : 2;
}
