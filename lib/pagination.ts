import { z } from "zod";
import { TenancyError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";

// Keyset pagination on (sort column, id): stable under inserts and deletes, and served by the
// (tenant_id, column, id) indexes, unlike OFFSET, whose cost grows with the page number.

/** A page's length when the caller names none. */
export const DEFAULT_PAGE_SIZE = 25;

const pageFields = {
  limit: z.coerce
    .number({ error: "Must be a whole number from 1 to 100." })
    .int("Must be a whole number from 1 to 100.")
    .min(1, "Must be a whole number from 1 to 100.")
    .max(100, "Must be a whole number from 1 to 100.")
    .default(DEFAULT_PAGE_SIZE),
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

/**
 * The order of a list: one column (text or a time), then id to break ties, both in one direction.
 * With `relation`, the column is the related row's (an employee's project's name), and rows
 * without one come after every value ascending, first descending, as Postgres orders NULL.
 */
export type Sort = { field: string; type: "text" | "date"; dir: "asc" | "desc"; relation?: { name: string; key: string } };

const BY_NAME: Sort = { field: "name", type: "text", dir: "asc" };

type Value = string | Date | null;
type Row = { id: string } & Record<string, unknown>;

const sortKey = (sort: Sort) => `${sort.dir === "desc" ? "-" : ""}${sort.relation ? `${sort.relation.name}.` : ""}${sort.field}`;

// The cursor names its sort, so a cursor from another order is refused rather than misread.
export function encodeCursor(sort: Sort, row: Row): string {
  const value = sort.relation ? ((row[sort.relation.name] as Record<string, unknown> | null)?.[sort.field] ?? null) : row[sort.field];
  const encoded = value instanceof Date ? { t: value.toISOString() } : value === null ? null : String(value);
  return Buffer.from(JSON.stringify([sortKey(sort), encoded, row.id])).toString("base64url");
}

const cursorSchema = z.tuple([z.string(), z.union([z.string(), z.object({ t: z.iso.datetime() }), z.null()]), z.uuid()]);

function decodeCursor(cursor: string, field: "after" | "before", sort: Sort): { value: Value; id: string } {
  const invalid = () => new TenancyError("invalid_request", "The request is invalid.", { [field]: ["Not a valid cursor for this order."] });
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalid();
  }
  const [key, value, id] = parsed;
  // A cursor's value must be of its column's type: a time for a date column, text otherwise.
  // Only a relation's column may be missing (null).
  if (key !== sortKey(sort) || (value === null ? !sort.relation : (typeof value === "string") !== (sort.type === "text"))) throw invalid();
  // No stored value holds a control character (they are refused on the way in); Postgres would refuse a NUL.
  if (typeof value === "string" && /[\u0000-\u001F\u007F]/.test(value)) throw invalid();
  return { value: value === null || typeof value === "string" ? value : new Date(value.t), id };
}

/**
 * The where/orderBy/take arguments for one page of any model with the sort column and id. The
 * column is only known at run time, so the caller names its model's where type (`W`).
 */
export function keysetQuery<W = Record<string, unknown>>(params: PageParams, sort: Sort = BY_NAME) {
  const backward = Boolean(params.before);
  const cursor = params.after
    ? decodeCursor(params.after, "after", sort)
    : params.before
      ? decodeCursor(params.before, "before", sort)
      : null;
  // Walking backwards reverses the order; toPage puts the rows back.
  const dir = (sort.dir === "asc") !== backward ? ("asc" as const) : ("desc" as const);
  const beyond = <V>(value: V) => (dir === "asc" ? { gt: value } : { lt: value });
  const where = !cursor ? {} : sort.relation ? relationKeyset(sort.relation, sort.field, dir, cursor) : { OR: [{ [sort.field]: beyond(cursor.value) }, { [sort.field]: cursor.value, id: beyond(cursor.id) }] };
  return {
    where: where as W,
    orderBy: [sort.relation ? { [sort.relation.name]: { [sort.field]: dir } } : { [sort.field]: dir }, { id: dir }],
    take: params.limit + 1, // one extra row tells whether another page exists
  };
}

// The rows after the cursor when the column is a related row's: rows without one (NULL) sort
// after every value ascending and before every value descending.
// (Rows without one are told by their foreign key: Prisma's `{ relation: { is: null } }` inside
// this OR matched nothing.)
function relationKeyset(relation: { name: string; key: string }, field: string, dir: "asc" | "desc", cursor: { value: Value; id: string }) {
  const on = (condition: unknown) => ({ [relation.name]: { is: { [field]: condition } } });
  const none = { [relation.key]: null };
  const some = { [relation.key]: { not: null } };
  const idBeyond = { id: dir === "asc" ? { gt: cursor.id } : { lt: cursor.id } };
  if (cursor.value === null) return dir === "asc" ? { AND: [none, idBeyond] } : { OR: [some, { AND: [none, idBeyond] }] };
  const past = dir === "asc" ? { gt: cursor.value } : { lt: cursor.value };
  return { OR: [on(past), { AND: [on({ equals: cursor.value }), idBeyond] }, ...(dir === "asc" ? [none] : [])] };
}

/** Turns the rows fetched with keysetQuery into a page with cursors either way. */
export function toPage<T extends Row>(rows: T[], params: PageParams, sort: Sort = BY_NAME): Page<T> {
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
    nextCursor: hasNext ? encodeCursor(sort, last) : null,
    prevCursor: hasPrev ? encodeCursor(sort, first) : null,
  };
}
