import type { ProjectStatus } from "@/lib/projects/project-writes";

export const STATUS_LABEL: Record<ProjectStatus, string> = {
  planned: "Planned",
  active: "Active",
  on_hold: "On hold",
  completed: "Completed",
  archived: "Archived",
};

/** The statuses a form offers: archiving has its own button, so only an archived project lists it. */
export function statusChoices(current?: ProjectStatus): [ProjectStatus, string][] {
  return (Object.entries(STATUS_LABEL) as [ProjectStatus, string][]).filter(([s]) => s !== "archived" || current === "archived");
}
