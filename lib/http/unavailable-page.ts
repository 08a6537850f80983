import { TenancyError } from "@/lib/errors";

/**
 * The page a browser gets when the request cannot be served for now (the database unreachable or
 * busy): a real 503 with Retry-After, that says so and reloads itself after that many seconds.
 * Plain HTML from the proxy, because the app's own pages need the database it could not reach; no
 * script, so the page's Content-Security-Policy has nothing to allow.
 */
export function unavailablePage(error: TenancyError): Response {
  const seconds = error.retryAfter ?? 5;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${seconds}"><title>Back in a moment · Tenantry</title></head>
<body><main><h1>Back in a moment</h1><p role="status">${escapeHtml(error.message)}</p>
<p>This page reloads by itself in ${seconds} seconds.</p></main></body></html>`;
  return new Response(html, {
    status: error.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(seconds), "Cache-Control": "no-store" },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
