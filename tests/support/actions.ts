// Calls a server action over HTTP the way the browser's form does, so a test can send it what no
// rendered form would: forged fields, another tenant's ids, other sessions. Written by hand:
// Next has no public client for actions outside React. The wire format is React's encodeReply
// for (prevState, formData) – part "0" holds the arguments, the form's fields are "_1_<name>" –
// and the answer is a React Flight stream whose row 1 is the action's return value.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionState } from "@/lib/tenancy";
import { request } from "./http";

type Manifest = { node: Record<string, { filename?: string; exportedName?: string }> };

let manifest: Manifest | undefined;

/** The build's id for an exported server action (`next build` must have run). */
export function actionId(file: string, name: string): string {
  manifest ??= JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", ".next", "server", "server-reference-manifest.json"), "utf8")) as Manifest;
  const id = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${name} in ${file}: rebuild the app`);
  return id;
}

export type ActionResult = { status: number; state: ActionState | null; redirect: string | null };

/**
 * Posts `fields` to the action `name` of `file` on a page of `host` that uses it, as a form with
 * useActionState calls it: (previous state, form). With `formOnly`, as a plain `<form action>` does: (form).
 * `repeated` fields are sent once per value.
 */
export async function callAction(
  host: string,
  page: string,
  file: string,
  name: string,
  fields: Record<string, string | Blob>,
  cookie: string,
  { formOnly = false, repeated = {} }: { formOnly?: boolean; repeated?: Record<string, string[]> } = {},
): Promise<ActionResult> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(`_1_${key}`, value);
  // A field sent once per value, as checked boxes of one name are.
  for (const [key, values] of Object.entries(repeated)) for (const value of values) form.append(`_1_${key}`, value);
  form.append("0", JSON.stringify(formOnly ? ["$K1"] : [{}, "$K1"])); // last, as React sends it: the server reads the form up to here
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  const res = await request(host, page, {
    method: "POST",
    headers: {
      "next-action": actionId(file, name),
      accept: "text/x-component",
      "content-type": encoded.headers.get("content-type")!,
      cookie,
    },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  const row = res.body.split("\n").find((line) => line.startsWith("1:"));
  const redirect = res.headers["x-action-redirect"];
  // Row 1 is the action's answer; after a failure it is an error reference ("E{…}"), not state.
  const state = row && row.startsWith("1:{") ? (JSON.parse(row.slice(2)) as ActionState) : null;
  return { status: res.status, state, redirect: redirect ? String(redirect).split(";")[0] : null };
}
