// Next runs register() once when a server starts (next dev, next start), before it serves a
// request: see lib/server-start.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") (await import("./lib/server-start")).onServerStart();
}
