// Runs one export or restore in a process of its own, so its peak memory is its own: prints
// {"ms", "rows", "peakRssMiB"} as JSON. Used by bench/portability-scenario.ts.
import { exportTenant } from "../scripts/tenantry/portability/export";
import { restoreTenant } from "../scripts/tenantry/portability/restore";

const [mode, adminUrl, target, file] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (mode === "export") {
  const { tables } = await exportTenant(adminUrl, target, file);
  rows = Object.values(tables).reduce((sum, t) => sum + t.rows, 0);
} else {
  const restored = await restoreTenant(adminUrl, file);
  rows = Object.values(restored.rows).reduce((sum, n) => sum + n, 0);
}
// maxRSS is in KiB.
console.log(JSON.stringify({ ms: performance.now() - started, rows, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
