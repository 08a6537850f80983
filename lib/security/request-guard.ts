// Requests refused before anything else runs, each with the status that says why instead of the
// 500 Next would answer: a method the app does not serve (refused by the raw request hook, for
// every path), and a server action posted from another site or with a body over Next's limit.

export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

// Next's default serverActions.bodySizeLimit (1 MB).
export const ACTION_BODY_LIMIT = 1024 * 1024;

/** Whether `origin` (an Origin header) names the host the request was sent to. */
export function isSameOrigin(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

// A part header of a multipart form, holding a byte no browser sends there (a NUL, a stray
// control character): Next's form parser fails on it with a 500.
const MALFORMED_PART_HEADER = /\r\nContent-Disposition:[^\r\n]*[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/i;

/**
 * A server action's body that Next would fail on with a 500: over its size limit (sent without a
 * Content-Length, so not caught before) is 413, a multipart form it cannot parse 400. The body is
 * read from a copy, so Next still gets it.
 */
export async function unreadableActionBody(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const body = new TextDecoder("latin1").decode(await request.clone().arrayBuffer());
  if (body.length > ACTION_BODY_LIMIT) return new Response("The form is too large.", { status: 413 });
  const multipart = request.headers.get("content-type")?.startsWith("multipart/form-data");
  return multipart && MALFORMED_PART_HEADER.test(body) ? new Response("The form could not be read.", { status: 400 }) : null;
}

/** The refusal for a server action that must not reach the app, or null. */
export function actionRefusal(method: string, headers: Headers, host: string | null): Response | null {
  if (method === "POST" && headers.has("next-action")) {
    const origin = headers.get("origin");
    if (origin !== null && !isSameOrigin(origin, host)) return new Response("Cross-site request refused.", { status: 403 });
    if (Number(headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT) return new Response("The form is too large.", { status: 413 });
  }
  return null;
}

/**
 * Whether a write carried by a browser's cookie comes from this site. A session cookie is an
 * ambient credential: a page elsewhere could make the browser send it. Browsers name the
 * requesting site in Origin (and Sec-Fetch-Site) on every such request.
 */
export function isCrossSiteWrite(method: string, headers: Headers, host: string | null): boolean {
  if (method === "GET" || method === "HEAD") return false;
  const origin = headers.get("origin");
  return (origin !== null && !isSameOrigin(origin, host)) || headers.get("sec-fetch-site") === "cross-site";
}
