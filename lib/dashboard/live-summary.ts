import type { ProjectStatus } from "@/lib/generated/prisma/client";
import { listProjects } from "@/lib/projects/project-reads";
import type { TenantDb } from "@/lib/tenancy";
import { dashboardStats } from "./stats";

/**
 * What a dashboard shows that is the same for everyone in the workspace (every role may read
 * it): the headline figures and the projects. The page renders it, and the event stream sends it
 * again after each batch of changes, computed once for every open dashboard (see
 * tenant-event-stream.ts), so the page updates without asking the server anything.
 */
export type LiveSummary = {
  /** The last event these figures include: the page's stream resumes after it, so no change falls between. */
  cursor: string;
  stats: Awaited<ReturnType<typeof dashboardStats>>;
  projects: { id: string; name: string; status: ProjectStatus; people: number }[];
};

/** How many projects the dashboard lists. */
export const DASHBOARD_PROJECTS = 100;

export async function liveSummary(db: TenantDb): Promise<LiveSummary> {
  // The cursor first: a change committed after it is then either in the figures or replayed after them.
  const last = await db.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const [stats, projects] = await Promise.all([dashboardStats(db), listProjects(db, { limit: DASHBOARD_PROJECTS })]);
  return {
    cursor: String(last?.id ?? 0n),
    stats,
    projects: projects.data.map((p) => ({ id: p.id, name: p.name, status: p.status, people: p._count.employees })),
  };
}
