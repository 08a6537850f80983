import { stringify } from "csv-stringify/sync";

// A CSV download read a page at a time as the client pulls (csv-stringify per page), so memory
// stays flat however many rows there are (bench scenario 11).

const PAGE = 1000;

// A value a spreadsheet would run as a formula (=, +, -, @, or a leading tab or return) is
// written with a leading apostrophe, as OWASP advises for CSV exports.
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Rows in id order: `page(after, take)` fetches the next `take` after the id `after`, `row` turns one into its cells. */
export function csvStream<T extends { id: string }>(columns: readonly string[], page: (after: string | null, take: number) => Promise<T[]>, row: (item: T) => string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      const items = await page(after, PAGE);
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
