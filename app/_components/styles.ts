// The few class lists every form and page shares, so a control looks and focuses the same everywhere.
export const controlClass =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-950";
export const inputClass = `block w-full ${controlClass}`;
export const primaryButtonClass =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60 dark:focus-visible:ring-offset-slate-950";
export const linkClass = "font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400";
export const cardClass = "rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900";
