import { rm } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./free-port";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import type { DatabaseUrls } from "../../scripts/embedded-urls";
import { ensureAppLogin, migrate } from "../../scripts/migrate";
import { seed } from "../../scripts/seed";

/**
 * A Postgres of the test's own (embedded, migrated, seeded with the demo tenants), for tests that
 * stop and restart the server: the suite's database is never touched. `restart(gapMs)` stops it
 * (fast shutdown, as an operator's restart or a failover does), keeps it down for `gapMs`, and
 * starts it again on the same port and data.
 */
export async function startOwnPostgres() {
  const port = await freePort();
  const dataDir = path.join(import.meta.dirname, "..", "..", ".data", `postgres-faults-${port}`);
  await rm(dataDir, { recursive: true, force: true });
  const log = () => {};
  let server = await startEmbeddedPostgres({ dataDir, port, log });
  const urls: DatabaseUrls = server.urls;
  await migrate(urls.adminUrl, log);
  await ensureAppLogin(urls.adminUrl, urls.appUrl);
  await seed(urls.adminUrl, log);
  return {
    urls,
    async restart(gapMs: number) {
      await server.stop();
      await new Promise((r) => setTimeout(r, gapMs));
      server = await startEmbeddedPostgres({ dataDir, port, log });
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
