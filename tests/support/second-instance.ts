import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { env } from "@/lib/env";
import { request } from "./http";

export type Instance = {
  port: number;
  /** SIGTERM, a graceful stop: resolves as `exited` does. */
  stop: () => Promise<number | string>;
  /** Everything the instance wrote to stdout and stderr so far (its JSON log lines among it). */
  output: () => string;
  /**
   * Resolves with the exit code (or signal) once the process has ended; rejects if the instance
   * logged an unhandled rejection (the suite's own check reads only the main server's log).
   */
  exited: Promise<number | string>;
  process: ChildProcess;
};

/**
 * Starts another `next start` of the same build on the test port + `offset`, on the same
 * database (and `extraEnv`), and resolves once it answers. Each test file that needs one uses its
 * own offset.
 */
export async function startSecondInstance(offset: number, extraEnv: Record<string, string> = {}): Promise<Instance> {
  const port = env().TENANTRY_TEST_PORT + offset;
  const root = path.join(import.meta.dirname, "..", "..");
  const child: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...extraEnv },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? ""))).then((how) => {
    const unhandled = output.split("\n").filter((line) => line.includes('"msg":"unhandled rejection"'));
    if (unhandled.length > 0) throw new Error(`the instance on port ${port} logged an unhandled rejection:\n${unhandled.join("\n")}`);
    return how;
  });
  const stop = () => (child.kill("SIGTERM"), exited);
  for (let i = 0; ; i++) {
    try {
      await request("localhost", "/", { port });
      return { port, stop, output: () => output, exited, process: child };
    } catch {
      if (i > 300 || child.exitCode !== null) {
        child.kill("SIGTERM");
        throw new Error(`the second instance on port ${port} did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
