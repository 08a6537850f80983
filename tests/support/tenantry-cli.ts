import { spawn } from "node:child_process";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");

/** Runs the operator CLI as an operator would (`npx tenantry …`), in a process of its own. */
export function tenantry(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/tenantry/bin.mjs"), ...args], {
      cwd: root,
      // NODE_TEST_CONTEXT would make a child that runs tests report to this runner.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
