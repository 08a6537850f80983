// The npm registry this project installs from lacks the non-Linux builds of a few native
// packages (Next's SWC, Tailwind's oxide), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This adds the entries the
// public registry would have written: optional, marked with their platform, so npm skips them
// here and fetches them on a machine that needs them. Run after changing dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const os = ["darwin", "win32", "linux", "android", "freebsd"].find((o) => name.includes(`-${o}-`));
  const cpu = ["arm64", "x64", "ia32", "wasm32", "arm"].find((c) => name.includes(`-${c}`));
  return { ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }) };
}

let added = 0;
for (const [, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (packages[key] || !/^\d/.test(version)) continue;
    packages[key] = {
      version,
      ...(entry.dev && { dev: true }),
      optional: true,
      ...platformOf(dep),
    };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries`);
