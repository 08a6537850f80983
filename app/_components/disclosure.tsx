"use client";

import { useEffect, useRef } from "react";

/**
 * A <details> menu: it opens and closes without script (keyboard and screen readers know it),
 * and with script it also closes on Escape (focus back on its button), on a click outside, and
 * after a link inside it is followed.
 */
export function Disclosure({ summary, className, panelClassName, children, testId }: {
  summary: React.ReactNode;
  className?: string;
  panelClassName?: string;
  children: React.ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const close = (focus: boolean) => {
      if (!details.open) return;
      details.open = false;
      if (focus) details.querySelector("summary")?.focus();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close(details.contains(document.activeElement));
    const onClick = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!details.contains(target)) close(false);
      else if ((target as Element).closest?.("a")) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, []);
  return (
    <details ref={ref} className={`relative ${className ?? ""}`} data-testid={testId}>
      <summary className="flex min-h-8 cursor-pointer list-none items-center gap-1 rounded-md px-2 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden">
        {summary}
        <span aria-hidden="true" className="text-xs">▾</span>
      </summary>
      {/* On a phone the panel spans the screen under the header, wherever its button sits. */}
      <div className={`absolute right-0 z-30 mt-1 rounded-lg max-sm:fixed max-sm:inset-x-2 max-sm:top-20 max-sm:w-auto border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900 ${panelClassName ?? ""}`}>{children}</div>
    </details>
  );
}
