import Link from "next/link";
import type { Page } from "@/lib/pagination";
import { linkClass } from "./styles";

/** "← Previous" and "Next →" for a keyset page; `href` turns a cursor into the link. */
export async function PageNav({ page, label, href }: { page: Page<unknown>; label: string; href: (cursor: { after: string } | { before: string }) => Promise<string> }) {
  return (
    <nav aria-label={label} className="mt-3 flex justify-between text-sm">
      {page.prevCursor ? <Link className={linkClass} href={await href({ before: page.prevCursor })}>← Previous</Link> : <span />}
      {page.nextCursor ? <Link className={linkClass} href={await href({ after: page.nextCursor })}>Next →</Link> : <span />}
    </nav>
  );
}
