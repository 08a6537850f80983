import http from "node:http";

export type SseEvent = { id: string; event: string; data: any };

const defaultPort = Number(process.env.TENANTRY_TEST_PORT ?? 3100);

/** An EventSource-like client over node:http that can name the Host (Node cannot resolve *.localhost). */
export function openEventStream(host: string, headers: Record<string, string>, port = defaultPort) {
  const events: SseEvent[] = [];
  let status = 0;
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const req = http.request({ host: "127.0.0.1", port, path: "/api/events", headers: { host: `${host}:${port}`, accept: "text/event-stream", ...headers } }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding("utf8");
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
      }
    });
    res.on("end", connected);
  });
  req.on("error", () => connected());
  req.end();
  return {
    events,
    ready,
    status: () => status,
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
