import { z } from "zod";
import { TenancyError } from "@/lib/tenancy/errors";

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
