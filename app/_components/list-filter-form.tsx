"use client";

import Form from "next/form";
import { useEffect, useRef } from "react";

const TYPING_PAUSE_MS = 400;

/**
 * The list's filter form: a GET form (it works without JavaScript, with its Filter button) that
 * also applies itself: a choice at once, a search once typing pauses. Each apply is a client-side
 * navigation that replaces the address, so the URL always says what the list shows and Back
 * leaves the list rather than stepping through keystrokes. `current` is what the list shows: a
 * link that changes it (a stat card, Clear) is a client-side navigation that keeps this form, so
 * its fields are set to match, except the one being typed in.
 */
export function ListFilterForm({ action, label, className, current, children }: { action: string; label: string; className: string; current: Record<string, string>; children: React.ReactNode }) {
  const form = useRef<HTMLFormElement>(null);
  const shown = JSON.stringify(current);
  useEffect(() => {
    const values = JSON.parse(shown) as Record<string, string>;
    for (const field of form.current?.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name]:not([type=hidden]), select[name]") ?? []) {
      if (field !== document.activeElement && field.name in values) field.value = values[field.name];
    }
  }, [shown]);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const apply = () => form.current?.requestSubmit();
  const onChange = (event: React.FormEvent<HTMLFormElement>) => {
    clearTimeout(typing.current);
    if ((event.target as HTMLElement).tagName === "SELECT") apply();
    else typing.current = setTimeout(apply, TYPING_PAUSE_MS);
  };
  return (
    <Form ref={form} action={action} replace scroll={false} role="search" aria-label={label} onChange={onChange} className={className}>
      {children}
    </Form>
  );
}
