import type { Mail } from "./mailer";

// Every email Tenantry sends, in one place: plain text, so it reads the same in every client
// and a link is never hidden behind a button.

const date = (d: Date) => d.toISOString().slice(0, 10);

export function invitationMail(input: { to: string; inviter: string; workspace: string; role: string; link: string; expiresAt: Date }): Mail {
  return {
    to: input.to,
    subject: `${input.inviter} invited you to ${input.workspace} on Tenantry`,
    text: [
      `${input.inviter} invited you to join ${input.workspace} on Tenantry as ${input.role === "admin" ? "an" : "a"} ${input.role}.`,
      "",
      `Accept: ${input.link}`,
      "",
      `The link works once, until ${date(input.expiresAt)}. If you did not expect it, ignore this email.`,
    ].join("\n"),
  };
}

export function passwordResetMail(input: { to: string; link: string; validMinutes: number }): Mail {
  return {
    to: input.to,
    subject: "Reset your Tenantry password",
    text: [
      "Someone (hopefully you) asked to reset the password of this Tenantry account.",
      "",
      `Choose a new password: ${input.link}`,
      "",
      `The link works once, for ${input.validMinutes} minutes. Resetting signs you out everywhere.`,
      "If you did not ask, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}
