import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";

export type Mail = { to: string; subject: string; text: string };

/** Whether a message was handed to the mail server, and if not, why (in words for the sender). */
export type Delivery = { sent: true } | { sent: false; reason: string };

const globalForMail = globalThis as unknown as { tenantryMailer?: Transporter | null };

// One SMTP transport per process (nodemailer), shared by every Next server layer. Its timeouts
// are short: a person is waiting for the page that says whether the invitation went out.
function transport(): Transporter | null {
  if (globalForMail.tenantryMailer === undefined) {
    const url = env().SMTP_URL;
    globalForMail.tenantryMailer = url ? nodemailer.createTransport(url, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 }) : null;
  }
  return globalForMail.tenantryMailer;
}

/** Sends one plain-text message from MAIL_FROM. Never throws: a failure is logged and answered. */
export async function sendMail(mail: Mail): Promise<Delivery> {
  const smtp = transport();
  if (!smtp) {
    logger().warn({ subject: mail.subject }, "mail not sent: SMTP_URL is not set");
    return { sent: false, reason: "Email is not set up on this server." };
  }
  try {
    await smtp.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return { sent: true };
  } catch (err) {
    logger().error({ err, subject: mail.subject }, "mail not sent: the mail server refused or did not answer");
    return { sent: false, reason: "The mail server did not take the message." };
  }
}
