import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { env } from "@/lib/env";
import { request } from "./http";

/**
 * Starts another `next start` of the same build on the test port + `offset`, on the same
 * database (and `extraEnv`), and resolves once it answers. Each test file that needs one uses its
 * own offset.
 */
export async function startSecondInstance(offset: number, extraEnv: Record<string, string> = {}): Promise<{ port: number; stop: () => void }> {
  const port = env().TENANTRY_TEST_PORT + offset;
  const root = path.join(import.meta.dirname, "..", "..");
  const child: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], { cwd: root, stdio: "ignore", env: { ...process.env, ...extraEnv } });
  const stop = () => void child.kill("SIGTERM");
  for (let i = 0; ; i++) {
    try {
      await request("localhost", "/", { port });
      return { port, stop };
    } catch {
      if (i > 300) {
        stop();
        throw new Error(`the second instance on port ${port} did not start`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
