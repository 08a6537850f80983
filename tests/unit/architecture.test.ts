// The folder map is the architecture; these rules keep it so. They read the source as text (no
// database needed): every import and every read of process.env, in app code and lib.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("lib/generated/"));
}

/** App code and lib: what ships. Tests, scripts and the benchmark are operator tools and are not held to these rules. */
async function shippedFiles(): Promise<string[]> {
  return [...(await sourceFiles("app")), ...(await sourceFiles("lib")), "proxy.ts", "auth.ts", "instrumentation.ts"];
}

/** Every module a file imports at run time: `import type` and `export type` carry no code. */
function valueImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']|^import\s+["']([^"']+)["']/gm)) found.push(m[1] ?? m[2]);
  return found;
}

async function offenders(rule: (file: string, source: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const file of await shippedFiles()) {
    for (const source of valueImports(await readFile(path.join(root, file), "utf8"))) if (rule(file, source)) found.push(`${file} → ${source}`);
  }
  return found;
}

test("only lib/tenancy/db opens connections: no other shipped file imports pg, Prisma's client or adapter", async () => {
  const driver = (source: string) => /^pg$|^@prisma\/adapter-pg$|generated\/prisma/.test(source);
  // The benchmark's bare baseline route, 404 unless `npm run bench` hands it a database URL.
  const allowed = (file: string) => file.startsWith("lib/tenancy/db/") || file === "app/api/bench/baseline/route.ts";
  assert.deepEqual(await offenders((file, source) => driver(source) && !allowed(file)), []);
});

test("outside lib/tenancy, tenancy is imported through its index", async () => {
  const deep = (source: string) => source.startsWith("@/lib/tenancy/");
  const allowed = (file: string, source: string) =>
    file.startsWith("lib/tenancy/") ||
    // The pipeline's first step runs in the proxy.
    (file === "proxy.ts" && ["@/lib/tenancy/request/tenant-proxy", "@/lib/tenancy/request/host"].includes(source)) ||
    // The control plane's data access gets its pool from the one place that opens connections,
    // and writes a dedicated tenant's events to that tenant's database through it too.
    (file.startsWith("lib/directory/") && ["@/lib/tenancy/db/control-plane-pool", "@/lib/tenancy/db/dedicated-event-log"].includes(source)) ||
    // The export format must cover every table of the tenant-table manifest.
    (file === "lib/portability/export-format.ts" && source === "@/lib/tenancy/db/tenant-tables") ||
    (file === "app/api/bench/baseline/route.ts" && source.startsWith("@/lib/tenancy/db/"));
  assert.deepEqual(await offenders((file, source) => deep(source) && !allowed(file, source)), []);
});

test("only lib/auth, the root auth.ts and the Auth.js route import Auth.js", async () => {
  const authJs = (source: string) => source === "@/auth" || source.startsWith("next-auth");
  const allowed = (file: string) => file.startsWith("lib/auth/") || file === "auth.ts" || file === "app/api/auth/[...nextauth]/route.ts";
  assert.deepEqual(await offenders((file, source) => authJs(source) && !allowed(file)), []);
});

test("settings are read in lib/env.ts only", async () => {
  const found: string[] = [];
  for (const file of await shippedFiles()) {
    if (file === "lib/env.ts") continue;
    const text = await readFile(path.join(root, file), "utf8");
    // NEXT_RUNTIME is Next's own, telling the Node.js server from the edge runtime.
    for (const m of text.matchAll(/process\.env(?:\.(\w+)|\[)/g)) if (m[1] !== "NEXT_RUNTIME") found.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(found, []);
});

test("the index exports no unscoped client", async () => {
  const index = await readFile(path.join(root, "lib/tenancy/index.ts"), "utf8");
  for (const name of ["createPrismaClient", "DatabaseRegistry", "databaseRegistry", "controlPlane", "scopedClient", "TenantBindingPool"]) {
    assert.doesNotMatch(index, new RegExp(`\\b${name}\\b`), name);
  }
});
