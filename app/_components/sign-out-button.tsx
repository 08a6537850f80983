import { signOutAction, signOutEverywhereAction } from "@/app/_actions/session";

const buttonClass = "text-sm font-medium text-slate-600 hover:underline dark:text-slate-300";

export function SignOutButton() {
  return (
    <span className="flex gap-3">
      <form action={signOutAction}>
        <button type="submit" className={buttonClass}>Sign out</button>
      </form>
      <form action={signOutEverywhereAction}>
        <button type="submit" className={buttonClass}>Sign out everywhere</button>
      </form>
    </span>
  );
}
