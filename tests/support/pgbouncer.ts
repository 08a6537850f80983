// Starts a real PgBouncer (Debian's package) in transaction pooling mode in front of a database,
// for running the isolation and leakage tests through it. Each test process starts its own and
// stops it when the process exits.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

const BINARY = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => existsSync(p));

async function waitForPort(port: number, exited: () => boolean) {
  for (let i = 0; i < 100; i++) {
    if (exited()) throw new Error("pgbouncer exited during start-up");
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pgbouncer did not listen on ${port}`);
}

/** Returns a URL equal to `targetUrl` but through PgBouncer (pool_mode = transaction, 2 server connections). */
export async function startPgBouncer(targetUrl: string): Promise<string> {
  if (!BINARY) throw new Error("pgbouncer is not installed: apt-get install pgbouncer (.ci/run does)");
  const target = new URL(targetUrl);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const database = target.pathname.slice(1);
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "tenantry-pgbouncer-"));
  await chmod(dir, 0o755); // PgBouncer refuses root, so as root it runs as `postgres` and must read this
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  await writeFile(path.join(dir, "userlist.txt"), `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = plain",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "default_pool_size = 2",
      "max_client_conn = 500",
      "ignore_startup_parameters = extra_float_digits,options",
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child = spawn(BINARY, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log = (log + chunk).slice(-4000)));
  process.on("exit", () => {
    child.kill("SIGTERM"); // immediate shutdown; SIGINT would wait for clients
    rmSync(dir, { recursive: true, force: true });
  });
  await waitForPort(port, () => child.exitCode !== null).catch((error) => {
    throw new Error(`${error.message}\n${log}`);
  });
  // Let the test process exit when its tests are done; the exit hook above stops PgBouncer.
  child.stderr.destroy();
  child.unref();
  target.hostname = "127.0.0.1";
  target.port = String(port);
  return target.toString();
}
