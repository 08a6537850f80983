import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * Keeps every core busy with spinning child processes until the returned stop() is called, so a
 * test can prove it holds on a loaded machine, not only an idle one. The children die with this
 * process even if stop() is never reached.
 */
export function saturateCpu(): () => Promise<void> {
  const spin = "process.on('disconnect', () => process.exit()); for (;;) {}";
  const children: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", spin], { stdio: ["ignore", "ignore", "ignore", "ipc"] }),
  );
  return async () => {
    await Promise.all(
      children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      })),
    );
  };
}
