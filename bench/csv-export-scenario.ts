// Scenario 11: the memory a CSV export of employees takes, for a workspace of 1,000 and one of
// 100,000. The export is read a page of 1,000 rows at a time as the client pulls, so what it
// retains must not grow with the rows: measured as the live heap after a full collection once
// warm and at the last page (bench/csv-export-child.ts, the same code in a process of its own;
// the warm heap is the baseline). Alongside, through `next start` (GET /api/employees/export,
// read as fast as the client can): time, size, and the peak growth of the server's resident
// memory, sampled every 20 ms, which also counts garbage V8 has not yet collected.
import { execFileSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { createBenchTenants, deleteBenchTenants } from "./bench-tenants";
import { round1 } from "./measure";
import { startNext } from "./next-server";

const SIZES = { small: 1_000, large: 100_000 };
/** What the README states: an export retains less than this (live heap, last page over warm). */
export const CSV_EXPORT_CEILING_MIB = 8;

function download(port: number, slug: string, key: string): Promise<{ bytes: number; lines: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers = { host: `${slug}.localhost:${port}`, authorization: `Bearer ${key}` };
    const req = http.request({ host: "127.0.0.1", port, path: "/api/employees/export", headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export: HTTP ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines++;
      });
      res.on("end", () => resolve({ bytes, lines, ms: Date.now() - started }));
    });
    req.on("error", reject);
    req.end();
  });
}

export async function csvExportScenario({ adminUrl, appUrl, port, log }: { adminUrl: string; appUrl: string; port: number; log: (s: string) => void }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const slugs = Object.keys(SIZES).map((size) => `bench-csv-${size}`);
  const tenants = await createBenchTenants(admin, slugs, "csv bench");
  const server = startNext(port, { TENANTRY_LOG_LEVEL: "warn" });
  const results: Record<string, { rows: number; megabytes: number; seconds: number; peakGrowthMiB: number; heapWarmMiB: number; heapLastPageMiB: number }> = {};
  try {
    for (const [i, rows] of Object.values(SIZES).entries()) {
      await admin.query(
        `INSERT INTO employees (tenant_id, name, email, title, department)
         SELECT $1, 'Person ' || n, 'person' || n || '@csv.bench', 'Title ' || (n % 50), 'Department ' || (n % 12) FROM generate_series(1, $2) AS n`,
        [tenants[i].id, rows],
      );
    }
    await server.ready;
    await download(port, tenants[0].slug, tenants[0].key); // warm up: compile, pools
    for (const [i, [size, rows]] of Object.entries(SIZES).entries()) {
      await new Promise((r) => setTimeout(r, 1000));
      const before = server.rssKb();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, server.rssKb())), 20);
      const got = await download(port, tenants[i].slug, tenants[i].key);
      clearInterval(sampler);
      if (got.lines !== rows + 1) throw new Error(`the ${size} export had ${got.lines} lines, not ${rows + 1}`);
      const child = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join(import.meta.dirname, "csv-export-child.ts"), tenants[i].slug], { encoding: "utf8", env: { ...process.env, DATABASE_URL: appUrl } });
      const heap = JSON.parse(child.trim().split("\n").at(-1)!) as { warmHeapMiB: number; lastPageHeapMiB: number };
      results[size] = {
        rows,
        megabytes: round1(got.bytes / 2 ** 20),
        seconds: round1(got.ms / 1000),
        peakGrowthMiB: round1((peak - before) / 1024),
        heapWarmMiB: round1(heap.warmHeapMiB),
        heapLastPageMiB: round1(heap.lastPageHeapMiB),
      };
      log(`  ${rows} rows: ${results[size].megabytes} MB in ${results[size].seconds} s; live heap ${results[size].heapWarmMiB} → ${results[size].heapLastPageMiB} MiB warm → last page; server RSS +${results[size].peakGrowthMiB} MiB at its peak`);
    }
  } finally {
    server.stop();
    await deleteBenchTenants(admin, slugs);
    await admin.end();
  }
  const retained = results.large.heapLastPageMiB - results.large.heapWarmMiB;
  return { ...results, ceilingMiB: CSV_EXPORT_CEILING_MIB, retainedMiB: round1(retained), withinCeiling: retained < CSV_EXPORT_CEILING_MIB };
}
