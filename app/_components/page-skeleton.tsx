/** What a workspace page shows while its server work runs. */
export function PageSkeleton() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-8 sm:px-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="h-5 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mt-6 h-8 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mt-8 h-64 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
    </main>
  );
}
