// Which paths are the JSON API's, in the two senses the server needs.

const API_PATH = /^(\/t\/[^/]+)?\/api\//;

/** A path of the JSON API, on a workspace's host (/api/…) or under a path-mode prefix (/t/acme/api/…): it answers in JSON. */
export function isApiPath(pathname: string): boolean {
  return API_PATH.test(pathname);
}

/**
 * Whether Next routes a raw request target (path and query, as the client sent it) past proxy.ts:
 * the JSON API, but for Auth.js's routes (its sign-in records the tenant the proxy resolves).
 * The proxy's `matcher` says the same, as the literal Next needs; like Next, this resolves `..`
 * and `%2e%2e` segments before deciding, so `/api/auth/../employees` is the API's.
 */
export function skipsProxy(target: string): boolean {
  const pathname = routedPath(target);
  return pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/");
}

function routedPath(target: string): string {
  try {
    // On a made-up origin: a target starting with // is a path here, not a host.
    return new URL(`http://server${target.startsWith("/") ? "" : "/"}${target}`).pathname;
  } catch {
    return target.split("?")[0];
  }
}
