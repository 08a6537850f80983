import Link from "next/link";
import { tenantPath, type TenantContext } from "@/lib/tenancy";
import { cardClass, linkClass } from "./styles";

type Props = { ctx: TenantContext; projects: number; people: number };

/**
 * What a new workspace shows instead of a row of zeros: the three steps that make it useful, each
 * ticked once done, each a link for those whose role allows it.
 */
export async function Onboarding({ ctx, projects, people }: Props) {
  const [members, invited] = await Promise.all([ctx.db.membership.count(), ctx.db.invitation.count({ where: { acceptedAt: null, revokedAt: null } })]);
  const colleagues = members + invited > 1;
  const steps = [
    { done: projects > 0, text: "Add a project", href: ctx.can("project.write") && ctx.writable ? "#new-project" : null },
    { done: people > 0, text: "Add your people: import a CSV file, or one by one", href: ctx.can("employee.write") && ctx.writable ? await tenantPath("/employees/import") : null },
    { done: colleagues, text: "Invite a colleague", href: ctx.can("member.invite") && ctx.writable ? await tenantPath("/members") : null },
  ];
  return (
    <section aria-labelledby="onboarding-heading" data-testid="onboarding" className={`mt-6 p-4 sm:p-6 ${cardClass}`}>
      <h2 id="onboarding-heading" className="text-lg font-semibold">Get {ctx.tenant.name} started</h2>
      <ol className="mt-3 space-y-2 text-sm">
        {steps.map((step) => (
          <li key={step.text} className="flex items-center gap-2">
            <span aria-hidden="true" className={step.done ? "text-emerald-700 dark:text-emerald-400" : "text-slate-600 dark:text-slate-400"}>{step.done ? "✓" : "○"}</span>
            {step.href && !step.done ? (step.href.startsWith("#") ? <a href={step.href} className={linkClass}>{step.text}</a> : <Link href={step.href} className={linkClass}>{step.text}</Link>) : <span className={step.done ? "line-through" : undefined}>{step.text}</span>}
            <span className="sr-only">{step.done ? "(done)" : "(to do)"}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
