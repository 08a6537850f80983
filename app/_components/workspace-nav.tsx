import { headers } from "next/headers";
import Link from "next/link";
import { leaveWorkspaceAction } from "@/app/_actions/workspaces";
import { can, type Role, type Tenant } from "@/lib/tenancy";
import { RESOLVED_BY_HEADER, tenantPath } from "@/lib/tenancy/context";
import { LiveUpdates } from "./live-updates";
import { SignOutButton } from "./sign-out-button";
import { linkClass } from "./styles";

/**
 * What every workspace page carries: the links the role may use, sign-out, the live event
 * stream (so any page re-renders on a colleague's change) and the suspended-workspace notice.
 */
export async function WorkspaceNav({ tenant, role, userId }: { tenant: Tenant; role: Role; userId: string }) {
  const resolvedBy = (await headers()).get(RESOLVED_BY_HEADER);
  return (
    <>
      <nav aria-label="Workspace" className="flex flex-wrap items-center gap-4 text-sm">
        <span className="text-slate-500">{tenant.slug} · {tenant.plan} plan · {role}</span>
        {can(role, "member.read") && <Link href={await tenantPath("/members")} className={linkClass}>Members</Link>}
        {can(role, "api_key.manage") && <Link href={await tenantPath("/settings/api-keys")} className={linkClass}>API keys</Link>}
        {resolvedBy === "session" && (
          <form action={leaveWorkspaceAction}>
            <button type="submit" className={linkClass}>Switch workspace</button>
          </form>
        )}
        <SignOutButton />
      </nav>
      <LiveUpdates streamPath={await tenantPath("/api/events")} userId={userId} />
      {tenant.status === "suspended" && (
        <p role="status" className="mt-4 w-full rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          This workspace is suspended. You can read everything in it, but nothing can be changed until an owner restores it.
        </p>
      )}
    </>
  );
}

/** The header of a page inside a workspace: the way back to the dashboard, then the nav. */
export async function SubpageHeader({ tenant, role, userId }: { tenant: Tenant; role: Role; userId: string }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-2">
      <Link href={await tenantPath("/")} className={linkClass}>← {tenant.name}</Link>
      <WorkspaceNav tenant={tenant} role={role} userId={userId} />
    </header>
  );
}
