import { stringify } from "csv-stringify/sync";

// A CSV download read a page at a time as the client pulls (csv-stringify per page), so memory
// stays flat however many rows there are (bench scenario 11).

const PAGE = 1000;

// A value a spreadsheet would run as a formula (=, +, -, @, or a leading tab or return) is
// written with a leading apostrophe, as OWASP advises for CSV exports.
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The arguments of one page's `findMany`, in id order after the last row read. */
type Keyset = { where: { id?: { gt: string } }; orderBy: { id: "asc" }; take: number };

/** Rows in id order: `page(keyset)` fetches one page (spread the keyset into a `findMany`), `row` turns one into its cells. */
export function csvStream<T extends { id: string }>(columns: readonly string[], page: (keyset: Keyset) => Promise<T[]>, row: (item: T) => string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      const items = await page({ where: after ? { id: { gt: after } } : {}, orderBy: { id: "asc" }, take: PAGE });
      controller.enqueue(encoder.encode(stringify(items.map((item) => row(item).map(inert)), { header: first, columns: [...columns] })));
      first = false;
      if (items.length < PAGE) controller.close();
      else after = items[items.length - 1].id;
    },
  });
}

/** The headers of a CSV download named `<slug>-<what>-<date>.csv`. */
export function csvDownloadHeaders(slug: string, what: string): HeadersInit {
  const day = new Date().toISOString().slice(0, 10);
  return { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${slug}-${what}-${day}.csv"`, "Cache-Control": "no-store" };
}
