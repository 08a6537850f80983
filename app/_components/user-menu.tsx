import Link from "next/link";
import { switchWorkspaceAction } from "@/app/_actions/workspaces";
import { Disclosure } from "./disclosure";
import { SignOutButton } from "./sign-out-button";
import { linkClass } from "./styles";
import { currentTheme } from "./theme";
import { ThemeSwitcher } from "./theme-switcher";

type Props = { user: { name: string; email: string }; role: string; workspace: string; accountHref: string; rootSwitch: boolean };

/**
 * Who is signed in, with their role here, and what is theirs rather than the workspace's: the
 * account, the other workspaces, the theme, signing out. `rootSwitch`: on the root domain (a
 * workspace chosen by cookie or path) switching is a choice made there; elsewhere each workspace
 * has its own address, listed on the account page.
 */
export async function UserMenu({ user, role, workspace, accountHref, rootSwitch }: Props) {
  return (
    <Disclosure
      summary={
        <>
          {/* Spaces between the parts: the button's accessible name is their text run together. */}
          <span data-testid="signed-in-as" className="max-w-40 truncate">{user.name}</span>{" "}
          <span className="hidden font-normal text-slate-600 sm:inline dark:text-slate-400">{role}</span>{" "}
          <span className="sr-only">account menu</span>
        </>
      }
      panelClassName="w-72 space-y-3 text-sm"
      testId="user-menu"
    >
      <p>
        <span className="block font-semibold">{user.name}</span>
        <span className="block text-slate-600 dark:text-slate-400">{user.email}</span>
        <span className="mt-1 block text-slate-600 dark:text-slate-400">
          <span data-testid="role">{role}</span> · {workspace}
        </span>
      </p>
      <ul className="space-y-1">
        <li><Link href={accountHref} className={`inline-flex min-h-6 items-center ${linkClass}`}>Account</Link></li>
        <li>
          {rootSwitch ? (
            <form action={switchWorkspaceAction}>
              <button type="submit" className={`inline-flex min-h-6 items-center ${linkClass}`}>Switch workspace</button>
            </form>
          ) : (
            <Link href={`${accountHref}#workspaces`} className={`inline-flex min-h-6 items-center ${linkClass}`}>Your workspaces</Link>
          )}
        </li>
      </ul>
      <ThemeSwitcher current={await currentTheme()} />
      <div className="border-t border-slate-200 pt-3 dark:border-slate-700"><SignOutButton /></div>
    </Disclosure>
  );
}
