// A `next start` of the existing build for a scenario, and the resident memory of everything it
// runs: `next start` may run its server in a child, so memory is summed over the process tree.
import { spawn } from "node:child_process";
import http from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");

function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function rssKb(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return total;
}

/** CPU time (user + system) the processes have used so far, in milliseconds. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Starts a server process; `ready` settles once it answers, or fails if it exits or is not up in 30 s. */
function startServer(command: string, args: string[], port: number, env: Record<string, string>) {
  const server = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  const ready = (async () => {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`${path.basename(command)} on port ${port} exited with code ${server.exitCode}`);
      try {
        await fetch(`http://127.0.0.1:${port}/`); // any answer means the server is up
        return;
      } catch {
        if (i > 300) throw new Error(`${path.basename(command)} on port ${port} did not come up`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return { port, ready, rssKb: () => rssKb(processTree(server.pid!)), cpuMs: () => cpuMs(processTree(server.pid!)), stop: () => server.kill("SIGTERM") };
}

/** `next start` of the existing build. */
export const startNext = (port: number, env: Record<string, string> = {}) => startServer(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], port, env);

/** The bare Node server of bench/sse-floor-server.ts. */
export const startSseFloor = (port: number) => startServer(process.execPath, ["--import", "tsx", path.join(root, "bench/sse-floor-server.ts"), String(port)], port, {});

/** A request to a server started here, naming `host` (fetch cannot set Host; tenants are told apart by it). */
export function requestTo(port: number, host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: { host: `${host}:${port}`, ...init.headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
