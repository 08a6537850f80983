import { z } from "zod";
import { TenancyError } from "@/lib/errors";

/** Parses input with a zod schema, or throws a 400 that names each bad field and why. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const prefix = issue.path.map(String);
    // Name each unknown field on its own rather than lumping them under the parent object.
    const entries: [string[], string][] =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => [[...prefix, key], "Unknown field."])
        : [[prefix, issue.message]];
    for (const [path, message] of entries) (fields[path.join(".") || "_"] ??= []).push(message);
  }
  throw new TenancyError("invalid_request", "The request is invalid.", fields);
}

/** The JSON body of a request, or a 400 saying it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new TenancyError("invalid_request", "The request is invalid.", { _: ["The body must be JSON."] });
  }
}

/**
 * A submitted form as the object a write path validates: every field the form sent (so a forged
 * extra field is reported as unknown, as in the JSON API), without Next's own `$ACTION…` fields
 * and `omit`. An empty choice in `emptyAsNull` (a "no project" option) becomes null.
 */
export function formInput(form: FormData, { omit = [], emptyAsNull = [] }: { omit?: string[]; emptyAsNull?: string[] } = {}) {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$") || omit.includes(key)) continue;
    input[key] = emptyAsNull.includes(key) && value === "" ? null : value;
  }
  return input;
}
