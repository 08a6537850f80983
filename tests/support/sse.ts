import http from "node:http";
import { env } from "@/lib/env";

export type SseEvent = { id: string; event: string; data: any };

const defaultPort = env().TENANTRY_TEST_PORT;

/**
 * An EventSource-like client over node:http that can name the Host (Node cannot resolve
 * *.localhost). `paused` opens the stream without reading it, like a stalled browser, until
 * `resume()`.
 */
export function openEventStream(host: string, headers: Record<string, string>, port = defaultPort, { paused = false, path = "/api/events" } = {}) {
  const events: SseEvent[] = [];
  // Events without an id: the dashboard's `summary` figures.
  const summaries: any[] = [];
  let status = 0;
  let connected!: () => void;
  let finished!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const ended = new Promise<void>((r) => (finished = r));
  let response: http.IncomingMessage | undefined;
  const req = http.request({ host: "127.0.0.1", port, path, headers: { host: `${host}:${port}`, accept: "text/event-stream", ...headers } }, (res) => {
    response = res;
    status = res.statusCode ?? 0;
    res.setEncoding("utf8");
    if (paused) {
      res.pause();
      connected(); // the status is known; nothing is read until resume()
    }
    let buffer = "";
    res.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(": connected")) connected();
        const fields = Object.fromEntries(block.split("\n").filter((l) => !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
        if (fields.id) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        else if (fields.event) summaries.push(JSON.parse(fields.data));
      }
    });
    res.on("end", () => (connected(), finished()));
    res.on("close", finished);
  });
  req.on("error", () => (connected(), finished()));
  req.end();
  return {
    events,
    summaries,
    ready,
    /** Settles when the server ends the stream (or the connection drops). */
    ended,
    status: () => status,
    resume: () => response?.resume(),
    /** Waits until `n` events have arrived, or fails after `timeoutMs`. */
    async waitFor(n: number, timeoutMs = 5000): Promise<SseEvent[]> {
      const until = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > until) throw new Error(`${events.length} of ${n} events within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    close: () => req.destroy(),
  };
}

/**
 * An event stream that reconnects as a browser's EventSource does: when the stream ends or the
 * connection drops, it opens a new one after `retryMs` with Last-Event-ID set to the last event
 * it received, to the first of `ports` that answers (another instance, when its own is gone).
 * `from` is where it starts, as the dashboard starts from the last event its render included: a
 * stream cut before its first event then still resumes from there, not from "now".
 */
export function openResumingStream(host: string, headers: Record<string, string>, ports: number[], { retryMs = 300, from }: { retryMs?: number; from?: string } = {}) {
  const events: SseEvent[] = [];
  let reconnects = 0;
  let closed = false;
  let current: ReturnType<typeof openEventStream> | null = null;
  let ready!: () => void;
  const connected = new Promise<void>((r) => (ready = r));
  const connect = async (portIndex: number) => {
    if (closed) return;
    const last = events.at(-1)?.id ?? from;
    const stream = openEventStream(host, last ? { ...headers, "last-event-id": last } : headers, ports[portIndex % ports.length]);
    current = stream;
    await stream.ready;
    const ok = stream.status() === 200;
    if (ok) ready();
    const seen = stream.events;
    // Copy what this connection receives into the running list, as it arrives.
    const copy = setInterval(() => events.push(...seen.splice(0)), 5);
    await (ok ? stream.ended : Promise.resolve());
    clearInterval(copy);
    events.push(...seen.splice(0));
    if (closed) return;
    reconnects++;
    await new Promise((r) => setTimeout(r, retryMs));
    await connect(ok ? portIndex : portIndex + 1);
  };
  connect(0).catch((error: unknown) => console.error("resuming stream:", error));
  return {
    events,
    connected,
    reconnects: () => reconnects,
    close() {
      closed = true;
      current?.close();
    },
  };
}
