// Settings have one home (lib/env.ts), and the README's table is made from it. (That a bad value
// stops the app at start-up is tests/http/env-startup.test.ts: it needs the build.)
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { environmentTable, InvalidSettingError, parseEnv } from "@/lib/env";

const root = path.join(import.meta.dirname, "..", "..");

test("the README's environment table is the one lib/env.ts declares", async () => {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  assert.ok(readme.includes(environmentTable()), "README.md's table differs: paste the output of environmentTable() from lib/env.ts");
});

test("defaults apply, and each bad value is refused naming its variable", () => {
  const defaults = parseEnv({});
  assert.equal(defaults.DATABASE_POOL_SIZE, 10);
  assert.equal(defaults.TENANTRY_BINDING, "pipelined");
  for (const [name, value] of [
    ["DATABASE_POOL_SIZE", "abc"],
    ["DATABASE_POOL_SIZE", "0"],
    ["TENANTRY_TENANT_CACHE_MS", "2 s"],
    ["TENANTRY_BINDING", "fast"],
    ["DATABASE_URL", "mysql://x"],
    ["TENANTRY_TEST_REMOTE_DATABASE", "yes"],
  ]) {
    assert.throws(() => parseEnv({ [name]: value }), (error: unknown) => error instanceof InvalidSettingError && error.message.includes(`${name}=${JSON.stringify(value)}`), `${name}=${value}`);
  }
});
