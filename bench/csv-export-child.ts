// Reads one workspace's CSV export the way the route does (lib/employees/employee-csv.ts, through
// the app's tenant-bound client), in a process of its own started with --expose-gc, and prints
// the live heap after a full collection once warm (at the WARM-th page, or the first of a shorter
// export: the heap grows by ~10 MiB over the first pages, compiled code and the client's caches,
// then stops) and at the last page, as JSON. The difference is what the export retains; RSS also
// counts garbage not yet collected.
import { tenantBySlug } from "@/lib/directory";
import { employeeCsvStream } from "@/lib/employees/employee-csv";
import { databaseRegistry } from "@/lib/tenancy/db/database-registry";

const gc = (globalThis as unknown as { gc: () => void }).gc;
const liveHeapMiB = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);

const tenant = await tenantBySlug(process.argv[2]);
if (!tenant) throw new Error(`no workspace ${process.argv[2]}`);
const reader = employeeCsvStream(databaseRegistry().clientFor(tenant)).getReader();
const WARM = 50;
let pages = 0;
let warm = 0;
let bytes = 0;
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.length;
  if (++pages === 1 || pages === WARM) warm = liveHeapMiB();
}
console.log(JSON.stringify({ pages, bytes, warmHeapMiB: warm, lastPageHeapMiB: liveHeapMiB() }));
process.exit(0);
