// The floor under scenario 9, run as a process of its own so its CPU is measured like `next
// start`'s: a bare Node HTTP server that does, per write, only what no server can avoid for each
// open dashboard, writing the batch's bytes to its socket. GET /events holds an event stream open; POST
// /write?bytes=N writes one `summary` frame of N bytes to every open stream. No framework, no
// database, no tenancy. Anything else gets a 404 (the bench's readiness probe).
import http from "node:http";

const open = new Set<http.ServerResponse>();

http
  .createServer((request, response) => {
    if (request.method === "GET" && request.url === "/events") {
      response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" });
      response.write(": connected\n\n");
      open.add(response);
      response.on("close", () => open.delete(response));
      return;
    }
    if (request.method !== "POST" || !request.url?.startsWith("/write")) return void response.writeHead(404).end();
    const bytes = Number(new URL(request.url ?? "/", "http://floor").searchParams.get("bytes"));
    const head = "event: summary\ndata: \"\"\n\n";
    const frame = Buffer.from(`event: summary\ndata: "${"x".repeat(Math.max(0, bytes - head.length))}"\n\n`);
    for (const stream of open) stream.write(frame);
    response.end();
  })
  .listen(Number(process.argv[2]), "127.0.0.1");
