"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a <Link>: a small pulsing dot while the page it leads to is on its way (a dynamic page
 * without a loading.tsx, whose status must stay a real 404 or 403, cannot stream a skeleton). Its
 * space is always kept, so nothing shifts.
 */
export function PendingHint() {
  const { pending } = useLinkStatus();
  return (
    <span aria-hidden="true" data-pending={pending || undefined} className={`ml-1 inline-block size-1.5 rounded-full bg-indigo-500 ${pending ? "animate-pulse opacity-100" : "opacity-0"}`} />
  );
}
