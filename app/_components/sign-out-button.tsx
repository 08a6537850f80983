import { signOut } from "@/auth";

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/sign-in" });
      }}
    >
      <button type="submit" className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-300">
        Sign out
      </button>
    </form>
  );
}
