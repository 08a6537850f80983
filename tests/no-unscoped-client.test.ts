// App code must not be able to reach an unscoped Prisma client. Only lib/tenancy builds one;
// everything else imports the scoped entry points (or types only).
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const root = path.join(import.meta.dirname, "..");
const FORBIDDEN = [/lib\/tenancy\/prisma-client/, /lib\/tenancy\/tenant-database/, /lib\/tenancy\/scoped-transaction/, /lib\/generated\/prisma/, /["']pg["']/, /@prisma\/adapter-pg/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("lib/tenancy/") && !f.startsWith("lib/generated/"))
    // The benchmark's bare baseline: 404 unless `npm run bench` hands it a database URL.
    .filter((f) => f !== "app/api/bench/baseline/route.ts");
}

test("app code imports no unscoped database client", async () => {
  const files = [...(await sourceFiles("app")), ...(await sourceFiles("lib")), "proxy.ts"];
  assert.ok(files.length > 10);
  const offenders: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(root, file), "utf8");
    // Value imports (possibly spanning lines) and re-exports; `import type` carries no client.
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+(["'][^"']+["'])|^import\s+(["'][^"']+["'])/gm)) {
      const source = m[1] ?? m[2];
      if (FORBIDDEN.some((re) => re.test(source))) offenders.push(`${file}: ${source}`);
    }
  }
  assert.deepEqual(offenders, []);
});
