// A bad setting stops the app at start-up with the variable's name, rather than misbehaving
// later: `next start` (on the build `npm test` made) and `npm run dev`'s wrapper.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");

/** Runs a command with one setting spoiled; resolves with its exit code and what it printed. */
function runWith(command: string, args: string[], spoiled: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...spoiled }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("the app started with DATABASE_POOL_SIZE=abc exits at once, naming the variable", async () => {
  // `next start` on the build `npm test` made; the port is never reached.
  const { code, output } = await runWith(path.join(root, "node_modules/.bin/next"), ["start", "-p", "3199"], { DATABASE_POOL_SIZE: "abc" });
  assert.notEqual(code, 0);
  assert.match(output, /DATABASE_POOL_SIZE="abc": must be a whole number/);
});

test("`npm run dev`'s wrapper refuses a bad setting before starting a database", async () => {
  const { code, output } = await runWith(process.execPath, ["--import", "tsx", "scripts/with-db.ts", "--", "true"], { TENANTRY_PG_PORT: "99999" });
  assert.equal(code, 2);
  assert.match(output, /TENANTRY_PG_PORT="99999"/);
});
