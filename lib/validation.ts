import { z } from "zod";
import { TenancyError } from "@/lib/errors";

// Control characters other than tab and line breaks: never meaningful in a name or a search, and
// Postgres refuses NUL in text outright (a 500 if it got that far).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** `text` with its control characters taken out: for echoing refused input back into a form. */
export function withoutControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL, "g"), "");
}

/** The fields of `input` (at any depth) whose text holds a control character. */
function controlCharacterFields(input: unknown, prefix: string[] = []): string[] {
  if (typeof input === "string") return CONTROL.test(input) ? [prefix.join(".") || "_"] : [];
  if (input === null || typeof input !== "object") return [];
  return Object.entries(input).flatMap(([key, value]) => [...(CONTROL.test(key) ? [[...prefix, "_"].join(".")] : []), ...controlCharacterFields(value, [...prefix, key])]);
}

/** Parses input with a zod schema, or throws a 400 that names each bad field and why. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // A map with no prototype: a field named "constructor" or "__proto__" is a field like any other.
  const fields: Record<string, string[]> = Object.create(null);
  for (const field of controlCharacterFields(input)) (fields[field] ??= []).push("Control characters are not allowed.");
  // zod passes over an own "__proto__" key silently; no schema here has such a field.
  if (input !== null && typeof input === "object" && Object.hasOwn(input, "__proto__")) fields.__proto__ = ["Unknown field."];
  if (Object.keys(fields).length > 0) throw new TenancyError("invalid_request", "The request is invalid.", { ...fields });
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const prefix = issue.path.map(String);
    // Name each unknown field on its own rather than lumping them under the parent object.
    const entries: [string[], string][] =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => [[...prefix, key], "Unknown field."])
        : [[prefix, issue.message]];
    for (const [path, message] of entries) (fields[path.join(".") || "_"] ??= []).push(message);
  }
  throw new TenancyError("invalid_request", "The request is invalid.", { ...fields });
}

// The most a JSON body may hold: far more than any record the API takes. Route handlers get no
// body limit from Next (the JSON API skips the proxy, whose limit is 10 MB), so this is the cap.
const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * The JSON body of a request: 415 unless it says it is JSON (a `text/plain` or form body is what a
 * cross-site page can send without a preflight), 413 over JSON_BODY_LIMIT, 400 if it is not JSON.
 */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new TenancyError("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.");
  const text = await cappedText(request, JSON_BODY_LIMIT);
  try {
    return JSON.parse(text);
  } catch {
    throw new TenancyError("invalid_request", "The request is invalid.", { _: ["The body must be JSON."] });
  }
}

// Past the limit, the rest of a body is still read, and dropped, up to this much: the 413 is
// answered once the client has sent everything, so it reads the answer instead of a reset from a
// connection closed under its writes. A body larger even than this is cut off where it is.
const DRAINED_AT_MOST = 16 * 1024 * 1024;

/**
 * A body's text, or 413 past `limit` bytes, by its Content-Length or, sent without one (chunked),
 * by the bytes read: never held whole. Written by hand: the web Request offers no limit, and body
 * parsers work on Node streams.
 */
async function cappedText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new TenancyError("payload_too_large", `The body is too large: send at most ${limit / 1024 / 1024} MB.`);
  if (Number(request.headers.get("content-length") ?? 0) > DRAINED_AT_MOST) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > DRAINED_AT_MOST) {
      await reader.cancel();
      throw tooLarge();
    }
    if (size <= limit) chunks.push(read.value);
  }
  if (size > limit) throw tooLarge();
  return new TextDecoder().decode(Buffer.concat(chunks)); // as request.json() would: UTF-8, BOM dropped
}

/**
 * A submitted form as the object a write path validates: every field the form sent (so a forged
 * extra field is reported as unknown, as in the JSON API), without Next's own `$ACTION…` fields
 * and `omit`. An empty choice in `emptyAsNull` (a "no project" option) becomes null.
 */
export function formInput(form: FormData, { omit = [], emptyAsNull = [] }: { omit?: string[]; emptyAsNull?: string[] } = {}) {
  // No prototype, so a forged "__proto__" field is reported as unknown rather than swallowed.
  const input: Record<string, unknown> = Object.create(null);
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$") || omit.includes(key)) continue;
    input[key] = emptyAsNull.includes(key) && value === "" ? null : value;
  }
  return { ...input }; // a plain object again; a "__proto__" field stays an own field
}

/**
 * The one field a form that acts on a record sends: its id. Any other field is refused as
 * unknown, as every form's are.
 */
export function formId(form: FormData): string {
  return parseOrThrow(z.object({ id: z.string().max(100) }).strict(), formInput(form)).id;
}

/**
 * A path on this site to send someone back to after signing in, or null: it must start with a
 * single "/", and hold no backslash or control character (a "/\r\n/x" could split a header, a
 * "//evil.example" or "/\evil.example" would leave the site).
 */
export function localPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  if (!/^\/(?![/\\])/.test(value) || value.includes("\\") || CONTROL.test(value) || /[\r\n\t]/.test(value)) return null;
  return value;
}
