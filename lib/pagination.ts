import { z } from "zod";
import { TenancyError } from "@/lib/tenancy/errors";
import { parseOrThrow } from "@/lib/validation";

// Keyset pagination on (name, id): stable under inserts and deletes, and served by the
// (tenant_id, name, id) indexes, unlike OFFSET, whose cost grows with the page number.

const pageFields = {
  limit: z.coerce
    .number({ error: "Must be a whole number from 1 to 100." })
    .int("Must be a whole number from 1 to 100.")
    .min(1, "Must be a whole number from 1 to 100.")
    .max(100, "Must be a whole number from 1 to 100.")
    .default(25),
  after: z.string().min(1).max(400).optional(),
  before: z.string().min(1).max(400).optional(),
};

/** Page parameters plus a list's own query parameters; anything else is an unknown field. */
export function listParamsSchema<S extends z.ZodRawShape>(extra: S) {
  return z
    .object({ ...pageFields, ...extra })
    .strict()
    .refine((p) => !((p as PageFields).after && (p as PageFields).before), {
      message: "Use either after or before, not both.",
      path: ["before"],
    });
}

type PageFields = { after?: string; before?: string };

export const pageParamsSchema = listParamsSchema({});

export type PageParams = z.infer<typeof pageParamsSchema>;

/** The query a JSON request asks for, or a 400 naming the bad parameter. */
export function queryFrom<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return parseOrThrow(schema, Object.fromEntries(new URL(request.url).searchParams));
}

/** The page a JSON request asks for (?limit=&after=|before=). */
export function pageParamsFrom(request: Request): PageParams {
  return queryFrom(request, pageParamsSchema);
}
export type Page<T> = { data: T[]; nextCursor: string | null; prevCursor: string | null };

type Key = { name: string; id: string };

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify([key.name, key.id])).toString("base64url");
}

const cursorSchema = z.tuple([z.string(), z.uuid()]);

function decodeCursor(cursor: string, field: "after" | "before"): Key {
  try {
    const [name, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { name, id };
  } catch {
    throw new TenancyError("invalid_request", "The request is invalid.", { [field]: ["Not a valid cursor."] });
  }
}

/** The where/orderBy/take arguments for one page; pass them to any model keyed by name and id. */
export function keysetQuery(params: PageParams) {
  const backward = Boolean(params.before);
  const cursor = params.after
    ? decodeCursor(params.after, "after")
    : params.before
      ? decodeCursor(params.before, "before")
      : null;
  const beyond = (value: string) => (backward ? { lt: value } : { gt: value });
  const dir = backward ? ("desc" as const) : ("asc" as const);
  return {
    where: cursor ? { OR: [{ name: beyond(cursor.name) }, { name: cursor.name, id: beyond(cursor.id) }] } : {},
    orderBy: [{ name: dir }, { id: dir }],
    take: params.limit + 1, // one extra row tells whether another page exists
  };
}

/** Turns the rows fetched with keysetQuery into a page with cursors either way. */
export function toPage<T extends Key>(rows: T[], params: PageParams): Page<T> {
  const more = rows.length > params.limit;
  const data = rows.slice(0, params.limit);
  if (params.before) data.reverse();
  const first = data[0];
  const last = data[data.length - 1];
  if (!first || !last) return { data, nextCursor: null, prevCursor: null };
  const hasNext = params.before ? true : more;
  const hasPrev = params.before ? more : Boolean(params.after);
  return {
    data,
    nextCursor: hasNext ? encodeCursor(last) : null,
    prevCursor: hasPrev ? encodeCursor(first) : null,
  };
}
