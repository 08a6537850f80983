import { errorResponse, TenancyError } from "@/lib/errors";

// /api/<anything else> – the JSON API answers in JSON even for a path it does not have (404), so a
// client never has to parse an HTML page.
const notFound = async () => errorResponse(new TenancyError("not_found", "No such API route."));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
