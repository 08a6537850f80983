"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";

const RETRY_SECONDS = 5;

// Renders instead of a page whose server work failed; the server logged the cause. Most such
// failures pass (the database restarting, a busy moment), so the page tries again by itself.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const router = useRouter();
  const [secondsLeft, setSecondsLeft] = useState(RETRY_SECONDS);
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });

  useEffect(() => {
    if (secondsLeft === 0) {
      retry();
      setSecondsLeft(RETRY_SECONDS);
      return;
    }
    const timer = setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  });

  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <h1 className="text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="text-slate-600 dark:text-slate-300">We could not load this page. Your data is safe.</p>
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
        Trying again in {secondsLeft} s…
      </p>
      <button
        type="button"
        onClick={retry}
        className="w-fit rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:bg-slate-100 dark:text-slate-900"
      >
        Try again now
      </button>
    </main>
  );
}
