import { recordEvent } from "@/lib/events/record-event";
import { withTenant, workspaceExport } from "@/lib/tenancy";

// An owner downloads the workspace's complete data: every tenant table, its members' accounts
// (without password hashes), keys as hashes and the event log, as the gzipped JSON lines that
// `tenantry tenants restore` reads. Streamed from one consistent snapshot; the download is recorded.
export const GET = withTenant(
  async (ctx) => {
    await recordEvent(ctx.db, "tenant.exported", {}, ctx.actor);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(workspaceExport(ctx), {
      headers: {
        "Content-Type": "application/gzip",
        "Content-Disposition": `attachment; filename="${ctx.tenant.slug}-${day}.jsonl.gz"`,
      },
    });
  },
  { permission: "tenant.export" },
);
