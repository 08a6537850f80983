// A local SMTP server that keeps what it receives and shows it: `npm run dev` and `npm test`
// start it when no SMTP_URL is set, so invitations and password resets are really sent (over
// SMTP, by nodemailer) and can be read. Built from nodemailer's own smtp-server and mailparser
// rather than maildev, whose 3.x pulls in jsdom, fastify, socket.io and an MCP server for an
// inbox that here is one JSON list and one page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMail = { id: number; from: string; to: string[]; subject: string; text: string; date: string };

const KEEP = 500;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const linkify = (escaped: string) => escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

function inboxPage(mails: CaughtMail[]): string {
  const items = mails
    .map((m) => `<article><h2>${escapeHtml(m.subject)}</h2><p><small>${escapeHtml(m.date)} · from ${escapeHtml(m.from)} to ${escapeHtml(m.to.join(", "))}</small></p><pre>${linkify(escapeHtml(m.text))}</pre></article>`)
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tenantry mail (${mails.length})</title>
<style>body{font:15px system-ui;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap}</style></head>
<body><h1>Mail sent by Tenantry on this machine</h1>${items || "<p>Nothing yet. Invite someone or ask for a password reset.</p>"}</body></html>`;
}

function listen(server: Server | SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const net = server instanceof SMTPServer ? (server as unknown as { server: Server }).server : server;
    net.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((net.address() as AddressInfo).port));
  });
}

/** Starts the catcher; ports of 0 take any free port. */
export async function startMailCatcher(ports: { smtp: number; inbox: number }) {
  const mails: CaughtMail[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.unshift({
            id: next++,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            date: (parsed.date ?? new Date()).toISOString(),
          });
          mails.splice(KEEP);
          callback();
        })
        .catch(callback);
    },
  });
  const inbox = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/messages") {
      const to = url.searchParams.get("to")?.toLowerCase();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(to ? mails.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : mails));
    } else if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(inboxPage(mails));
    } else {
      res.writeHead(404).end();
    }
  });
  const smtpPort = await listen(smtp, ports.smtp);
  const inboxPort = await listen(inbox, ports.inbox);
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    inboxUrl: `http://127.0.0.1:${inboxPort}`,
    stop: () => Promise.all([new Promise<void>((r) => smtp.close(() => r())), new Promise<void>((r) => inbox.close(() => r()))]),
  };
}
