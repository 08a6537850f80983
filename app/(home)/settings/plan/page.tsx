import type { Metadata } from "next";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { listPlans, QUOTA_RESOURCES, type Plan, type QuotaResource } from "@/lib/directory";
import { planUsage } from "@/lib/plans/plan-usage";
import { tenantPage } from "@/lib/tenancy";
import { PlanForm } from "./plan-form";

export const metadata: Metadata = { title: "Plan" };

const RESOURCES = Object.keys(QUOTA_RESOURCES) as QuotaResource[];
const number = new Intl.NumberFormat("en");
const limitText = (limit: number | null) => (limit === null ? "No limit" : number.format(limit));

/** One row of usage against the limit, with a bar that says how full it is. */
function UsageRow({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const share = limit === null || limit === 0 ? 0 : Math.min(1, used / limit);
  const full = limit !== null && used >= limit;
  return (
    <tr className="border-t border-slate-200 dark:border-slate-800">
      <th scope="row" className="py-2 pr-4 text-left font-medium capitalize">{label}</th>
      <td className="py-2 pr-4 tabular-nums" data-testid={`usage-${label.replace(/ /g, "-").toLowerCase()}`}>
        {number.format(used)} of {limitText(limit)}
        {full && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100">At the limit</span>}
      </td>
      <td className="w-40 py-2">
        {limit !== null && (
          <div role="meter" aria-label={`${label} used`} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={Math.min(used, limit)} className="h-2 rounded bg-slate-200 dark:bg-slate-800">
            <div className={`h-2 rounded ${full ? "bg-amber-500" : "bg-slate-600 dark:bg-slate-300"}`} style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
        )}
      </td>
    </tr>
  );
}

function PlanLimits({ plan }: { plan: Plan }) {
  return (
    <ul className="mt-2 space-y-0.5 text-sm text-slate-600 dark:text-slate-300">
      {RESOURCES.map((r) => (
        <li key={r}><span className="capitalize">{QUOTA_RESOURCES[r]}</span>: {limitText(plan.limits[r])}</li>
      ))}
      <li>API requests: {limitText(plan.apiRequestsPerMonth)} a month, {limitText(plan.apiRequestsPerMinute)} a minute</li>
    </ul>
  );
}

// What the workspace uses of its plan, what the other plans allow, and (for owners) the way to
// move to one. Every member may look; the database holds every create to these limits.
export default async function PlanPage() {
  const { ctx, usage, plans } = await tenantPage(async (ctx) => ({ ctx, usage: await planUsage(ctx.db), plans: await listPlans() }));
  const current = plans.find((p) => p.id === ctx.tenant.plan) ?? plans[0];
  const next = plans.find((p) => p.rank > current.rank);
  const canChange = ctx.can("tenant.plan") && ctx.writable;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={ctx} trail={[{ label: "Settings", href: "/settings" }, { label: "Plan" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Plan</h1>
      <p className="mt-2 text-sm">
        This workspace is on the <strong data-testid="current-plan">{current.name}</strong> plan. {current.summary}
      </p>
      <section aria-labelledby="usage-heading" className="mt-6">
        <h2 id="usage-heading" className="text-lg font-semibold">Usage</h2>
        <table className="mt-2 w-full text-sm">
          <thead className="sr-only">
            <tr><th scope="col">What</th><th scope="col">Used of the limit</th><th scope="col">How full</th></tr>
          </thead>
          <tbody>
            {RESOURCES.map((r) => <UsageRow key={r} label={QUOTA_RESOURCES[r]} used={usage[r]} limit={current.limits[r]} />)}
            <UsageRow label="API requests this month" used={usage.apiRequestsThisMonth} limit={current.apiRequestsPerMonth} />
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          API requests are those made with an API key or a bearer token; at most {limitText(current.apiRequestsPerMinute).toLowerCase()} a minute. Pages and forms do not count.
        </p>
      </section>
      {next && (
        <section aria-labelledby="next-heading" className="mt-8 rounded-md border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="next-heading" className="text-lg font-semibold">The {next.name} plan</h2>
          <p className="mt-1 text-sm">{next.summary}</p>
          <PlanLimits plan={next} />
        </section>
      )}
      <section aria-labelledby="plans-heading" className="mt-8">
        <h2 id="plans-heading" className="text-lg font-semibold">All plans</h2>
        {!ctx.can("tenant.plan") && <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">Only an owner can change the plan.</p>}
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          {plans.map((plan) => (
            <div key={plan.id} className="rounded-md border border-slate-200 p-4 dark:border-slate-800">
              <h3 className="font-semibold">{plan.name}{plan.id === current.id && <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">(current)</span>}</h3>
              <PlanLimits plan={plan} />
              {canChange && <PlanForm plan={plan.id} current={plan.id === current.id} label={`${plan.rank > current.rank ? "Upgrade" : "Move"} to ${plan.name}`} />}
            </div>
          ))}
        </div>
      </section>
    </main>
  );
}
