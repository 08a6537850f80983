import { signOutAction, signOutEverywhereAction } from "@/app/_actions/session";

const buttonClass = "min-h-6 text-sm font-medium text-slate-700 hover:underline dark:text-slate-200";

export function SignOutButton() {
  return (
    <span className="flex gap-4">
      <form action={signOutAction}>
        <button type="submit" className={buttonClass}>Sign out</button>
      </form>
      <form action={signOutEverywhereAction}>
        <button type="submit" className={buttonClass}>Sign out everywhere</button>
      </form>
    </span>
  );
}
