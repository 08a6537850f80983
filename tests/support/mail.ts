import { env } from "../../lib/env";
import type { CaughtMail } from "../../scripts/mail-catcher";

// The mail the app really sent over SMTP, as the local mail catcher that `with-db` started caught it.

function inbox(): string {
  const url = env().TENANTRY_MAIL_INBOX_URL;
  if (!url) throw new Error("TENANTRY_MAIL_INBOX_URL is not set: run the tests through `npm test` (with-db starts the mail catcher) or set it");
  return url;
}

export async function mailTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${inbox()}/messages?to=${encodeURIComponent(address)}`);
  return (await res.json()) as CaughtMail[];
}

/** Waits for a message to `address` newer than `after` (a message id), newest first. */
export async function waitForMail(address: string, after = 0, timeoutMs = 10_000): Promise<CaughtMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const fresh = (await mailTo(address)).find((m) => m.id > after);
    if (fresh) return fresh;
    if (Date.now() > until) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The newest message's id for `address`, or 0. */
export async function lastMailId(address: string): Promise<number> {
  return (await mailTo(address))[0]?.id ?? 0;
}

/** The first link in a message's text that contains `path`. */
export function linkIn(mail: CaughtMail, path: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(path));
  if (!link) throw new Error(`no ${path} link in: ${mail.text}`);
  return link;
}
