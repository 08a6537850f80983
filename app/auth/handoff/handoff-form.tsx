"use client";

import { useEffect, useRef } from "react";
import { finishHandoffAction } from "./actions";

/** Submits itself once on load; without JavaScript, the button does. */
export function HandoffForm({ token }: { token: string }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.requestSubmit(), []);
  return (
    <form ref={form} action={finishHandoffAction}>
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">Continue to your workspace</button>
    </form>
  );
}
