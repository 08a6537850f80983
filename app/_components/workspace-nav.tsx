import Link from "next/link";
import { LIVE_EVENT_TYPES } from "@/lib/events/catalog";
import { requestedPath, resolvedBy, tenantPath, type TenantContext } from "@/lib/tenancy";
import { Disclosure } from "./disclosure";
import { LiveUpdates, type LiveMode } from "./live-updates";
import { PendingHint } from "./pending-hint";
import { linkClass } from "./styles";
import { UserMenu } from "./user-menu";

/** The caller's role as the nav shows it. */
function roleOf(ctx: TenantContext): string {
  return ctx.caller.kind === "visitor" ? "visitor" : ctx.caller.role;
}

/**
 * What every workspace page carries: the links the role may use (inline on wide screens, behind
 * a Menu button on phones), the user menu, the live event stream (so any page re-renders on a
 * colleague's change) and the read-only and support notices.
 */
export async function WorkspaceNav({ ctx, live = { kind: "refresh" } }: { ctx: TenantContext; live?: LiveMode }) {
  const { tenant } = ctx;
  const here = await requestedPath();
  const links = [
    { href: await tenantPath("/"), label: "Dashboard" },
    ...(ctx.can("member.read") ? [{ href: await tenantPath("/members"), label: "Members" }] : []),
    ...(ctx.can("api_key.manage") ? [{ href: await tenantPath("/settings/api-keys"), label: "API keys" }] : []),
    { href: await tenantPath("/settings"), label: "Settings" },
  ];
  const user = ctx.caller.kind === "user" || ctx.caller.kind === "visitor" ? ctx.caller.user : null;
  return (
    <>
      <div className="flex items-center gap-2">
        <nav aria-label="Workspace" className="hidden items-center gap-1 text-sm sm:flex">
          {links.map((link) => <NavLink key={link.href} {...link} here={here} />)}
        </nav>
        <Disclosure summary="Menu" className="sm:hidden" panelClassName="w-56" testId="phone-menu">
          <nav aria-label="Workspace menu" className="flex flex-col gap-1 text-sm">
            {links.map((link) => <NavLink key={link.href} {...link} here={here} />)}
          </nav>
        </Disclosure>
        {user && (
          <UserMenu
            user={user}
            role={roleOf(ctx)}
            workspace={`${tenant.name} · ${tenant.plan} plan`}
            accountHref={await tenantPath("/account")}
            rootSwitch={["session", "path"].includes((await resolvedBy()) ?? "")}
          />
        )}
      </div>
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

/** A nav link that says so (aria-current, and a tint) when it is the page being shown. */
function NavLink({ href, label, here }: { href: string; label: string; here: string | null }) {
  const current = href === here;
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`inline-flex min-h-8 items-center rounded-md px-2 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-800 ${current ? "bg-slate-100 text-indigo-700 dark:bg-slate-800 dark:text-indigo-300" : "text-slate-700 dark:text-slate-200"}`}
    >
      {label}
      <PendingHint />
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
          <li><Link href={await tenantPath("/")} className={linkClass}>{ctx.tenant.name}<PendingHint /></Link></li>
          {await Promise.all(trail.map(async (crumb, i) => (
            <li key={i} className="flex items-center gap-1">
              <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">›</span>
              {crumb.href ? <Link href={await tenantPath(crumb.href)} className={linkClass}>{crumb.label}<PendingHint /></Link> : <span aria-current="page" className="font-medium">{crumb.label}</span>}
            </li>
          )))}
        </ol>
      </nav>
      <WorkspaceNav ctx={ctx} live={{ kind: "refresh", subject }} />
    </header>
  );
}
