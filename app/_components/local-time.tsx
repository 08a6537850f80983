"use client";

import { useEffect, useState } from "react";

type Props = { iso: string; dateOnly?: boolean };

/**
 * A time in the viewer's own time zone and language. The server does not know either, so it
 * renders UTC and the browser rewrites it once it runs (hence suppressHydrationWarning).
 */
export function LocalTime({ iso, dateOnly = false }: Props) {
  const [text, setText] = useState(() => `${iso.slice(0, dateOnly ? 10 : 16).replace("T", " ")}${dateOnly ? "" : " UTC"}`);
  useEffect(() => {
    const date = new Date(iso);
    setText(dateOnly ? date.toLocaleDateString(undefined, { dateStyle: "medium" }) : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
  }, [iso, dateOnly]);
  return <time dateTime={iso} suppressHydrationWarning>{text}</time>;
}
