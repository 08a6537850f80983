import { errorResponse } from "@/lib/errors";
import { assertOperator } from "@/lib/operator/operator-token";
import { provisionForOperator } from "@/lib/operator/provision-tenant";
import { jsonBody } from "@/lib/validation";

// POST /api/operator/tenants: provisioning for operators' systems (a signup flow elsewhere, a
// billing provider): { slug, name, owner: { email, name }, plan?, demoData? } → 201 with the
// workspace and its owner. Off unless TENANTRY_OPERATOR_TOKEN is set; the caller presents it.
export async function POST(request: Request): Promise<Response> {
  try {
    assertOperator(request.headers);
    const created = await provisionForOperator(await jsonBody(request));
    return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
