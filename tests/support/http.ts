import http from "node:http";
import { env } from "@/lib/env";

const port = env().TENANTRY_TEST_PORT;

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; body: string; json: <T = any>() => T; raw?: Buffer };

/**
 * A request to the running app as if sent to `host`. Node cannot resolve `acme.localhost` (Chromium
 * can), so it connects to localhost and names the tenant in the Host header, as a browser would.
 */
export type RequestInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  port?: number;
  /** Resolve once the status and headers are in, and close (for answers that never end, like event streams). */
  headersOnly?: boolean;
  /** Keep the body's bytes as they came (`raw`), for answers that are not text. */
  binary?: boolean;
};

export function request(host: string, path: string, init: RequestInit = {}): Promise<HttpResult> {
  const to = init.port ?? port;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: to, path, method: init.method ?? "GET", headers: { host: `${host}:${to}`, ...init.headers } },
      (res) => {
        if (init.headersOnly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: "", json: () => JSON.parse("null") });
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const body = raw.toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body), ...(init.binary ? { raw } : {}) });
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A JSON request with a session cookie; a string body is sent as is (to test bodies that are not JSON). */
export function jsonRequest(host: string, method: string, path: string, cookie: string, body?: unknown): Promise<HttpResult> {
  return request(host, path, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
