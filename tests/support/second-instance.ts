import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { env } from "@/lib/env";
import { request } from "./http";

export type Instance = {
  port: number;
  /** SIGTERM: a graceful stop. */
  stop: () => void;
  /** Everything the instance wrote to stdout and stderr so far (its JSON log lines among it). */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
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
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "")));
  const stop = () => void child.kill("SIGTERM");
  for (let i = 0; ; i++) {
    try {
      await request("localhost", "/", { port });
      return { port, stop, output: () => output, exited, process: child };
    } catch {
      if (i > 300 || child.exitCode !== null) {
        stop();
        throw new Error(`the second instance on port ${port} did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
