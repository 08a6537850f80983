// The app's surface as the build knows it: every route handler method, server action and page.
// Tests that must cover all of it (status guard, cross-tenant matrix, fuzz) read these, so a new
// route, action or page without a case fails them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Every "METHOD /route" the build serves from a route handler, with its [params]. */
export function builtRoutes(): string[] {
  const manifest = JSON.parse(read(".next/server/app-paths-manifest.json")) as Record<string, string>;
  const routes: string[] = [];
  for (const entry of Object.keys(manifest).filter((k) => k.endsWith("/route"))) {
    const route = entry.slice(0, -"/route".length);
    // A metadata file (app/favicon.ico) is served by Next from the file itself: no handler, no code of ours.
    if (!existsSync(path.join(root, `app${route}/route.ts`))) continue;
    const source = read(`app${route}/route.ts`);
    const exported = [
      ...[...source.matchAll(/^export (?:const|async function|function) (\w+)/gm)].map((m) => m[1]),
      ...[...source.matchAll(/^export \{([^}]+)\}/gm)].flatMap((m) => m[1].split(",").map((name) => name.trim())),
    ];
    for (const method of exported.filter((name) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(name))) routes.push(`${method} ${route}`);
  }
  return routes.sort();
}

/** Every server action of the build, as "file exportedName". */
export function builtActions(): string[] {
  const manifest = JSON.parse(read(".next/server/server-reference-manifest.json")) as { node: Record<string, { filename: string; exportedName: string }> };
  return Object.values(manifest.node).map((a) => `${a.filename} ${a.exportedName}`).sort();
}

/** Every page of the build, as its path with [params] and without route groups: "/projects/[id]". */
export function builtPages(): string[] {
  const manifest = JSON.parse(read(".next/server/app-paths-manifest.json")) as Record<string, string>;
  return Object.keys(manifest)
    .filter((k) => k.endsWith("/page") && !k.startsWith("/_"))
    .map((k) => k.slice(0, -"/page".length).replace(/\/\([^)]+\)/g, "") || "/")
    .sort();
}
