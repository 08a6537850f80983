import Link from "next/link";
import { switchWorkspaceAction } from "@/app/_actions/workspaces";
import { LIVE_EVENT_TYPES } from "@/lib/events/catalog";
import { requestedPath, resolvedBy, tenantPath, type TenantContext } from "@/lib/tenancy";
import { LiveUpdates, type LiveMode } from "./live-updates";
import { SignOutButton } from "./sign-out-button";
import { linkClass } from "./styles";

/** The caller's role as the nav shows it. */
function roleOf(ctx: TenantContext): string {
  return ctx.caller.kind === "visitor" ? "visitor" : ctx.caller.role;
}

/**
 * What every workspace page carries: the links the role may use, sign-out, the live event
 * stream (so any page re-renders on a colleague's change) and the read-only notice.
 */
export async function WorkspaceNav({ ctx, live = { kind: "refresh" } }: { ctx: TenantContext; live?: LiveMode }) {
  const { tenant } = ctx;
  const here = await requestedPath();
  return (
    <>
      <nav aria-label="Workspace" className="flex flex-wrap items-center gap-4 text-sm">
        <span className="text-slate-600 dark:text-slate-400">
          {ctx.caller.kind !== "api_key" && ctx.caller.user && <span data-testid="signed-in-as" className="font-medium text-slate-900 dark:text-slate-100">{ctx.caller.user.name}</span>} {roleOf(ctx)} · {tenant.slug} · {tenant.plan} plan
        </span>
        {ctx.can("member.read") && <NavLink href={await tenantPath("/members")} here={here}>Members</NavLink>}
        {ctx.can("api_key.manage") && <NavLink href={await tenantPath("/settings/api-keys")} here={here}>API keys</NavLink>}
        <NavLink href={await tenantPath("/settings")} here={here}>Settings</NavLink>
        <NavLink href={await tenantPath("/account")} here={here}>Account</NavLink>
        {["session", "path"].includes((await resolvedBy()) ?? "") && (
          <form action={switchWorkspaceAction}>
            <button type="submit" className={linkClass}>Switch workspace</button>
          </form>
        )}
        <SignOutButton />
      </nav>
      <LiveUpdates streamPath={await tenantPath("/api/events")} actorId={ctx.actor.id} liveTypes={LIVE_EVENT_TYPES} mode={live} />
      {tenant.supportAccess && ctx.can("member.read") && new Date(tenant.supportAccess.expiresAt) > new Date() && (
        <p role="status" data-testid="support-banner" className="mt-4 w-full rounded-md border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          Support access is active: {tenant.supportAccess.operator} can {tenant.supportAccess.write ? "read and change" : "read"} this workspace&apos;s data until{" "}
          <time dateTime={tenant.supportAccess.expiresAt}>{new Date(tenant.supportAccess.expiresAt).toUTCString()}</time> — “{tenant.supportAccess.reason}”. Every use is in the audit log.
        </p>
      )}
      {!ctx.writable && (
        <p role="status" className="mt-4 w-full rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          This workspace is suspended. You can read everything in it, but nothing can be changed until it is resumed.
        </p>
      )}
    </>
  );
}

/** A nav link that says so (aria-current, and bold) when it is the page being shown. */
function NavLink({ href, here, children }: { href: string; here: string | null; children: React.ReactNode }) {
  const current = href === here;
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className={`${linkClass} ${current ? "underline underline-offset-4" : ""}`}>
      {children}
    </Link>
  );
}

/** A step of a page's breadcrumb: a link, or the page itself (the last step, without `href`). */
export type Crumb = { label: string; href?: string };

/**
 * The header of a page inside a workspace: its breadcrumb (the workspace's dashboard first, the
 * page itself last), then the nav. A record's page names the record (`subject`): it re-renders
 * only for changes that concern it.
 */
export async function SubpageHeader({ ctx, subject, trail }: { ctx: TenantContext; subject?: string; trail: Crumb[] }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-2">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-1 text-sm">
          <li><Link href={await tenantPath("/")} className={linkClass}>{ctx.tenant.name}</Link></li>
          {await Promise.all(trail.map(async (crumb, i) => (
            <li key={i} className="flex items-center gap-1">
              <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">›</span>
              {crumb.href ? <Link href={await tenantPath(crumb.href)} className={linkClass}>{crumb.label}</Link> : <span aria-current="page" className="font-medium">{crumb.label}</span>}
            </li>
          )))}
        </ol>
      </nav>
      <WorkspaceNav ctx={ctx} live={{ kind: "refresh", subject }} />
    </header>
  );
}
