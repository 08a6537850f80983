"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { TenancyError } from "@/lib/errors";
import { createApiKey, revokeApiKey, tenantAction } from "@/lib/tenancy";
import { formId, parseOrThrow } from "@/lib/validation";

const keySchema = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it.").max(80, "At most 80 characters."),
  role: z.enum(["viewer", "member", "admin"], { error: "One of: viewer, member, admin." }),
});

// Create a key; the key itself is in the answer once and never again.
export const createApiKeyAction = tenantAction("api_key.manage", async ({ db, actor }, form) => {
  const input = parseOrThrow(keySchema, { name: form.get("name"), role: form.get("role") });
  const created = await createApiKey(db, input, actor);
  revalidatePath("/settings/api-keys");
  return { ok: true, message: `Created “${created.name}”. Copy it now: it will not be shown again.`, data: { key: created.key } };
});

export const revokeApiKeyAction = tenantAction("api_key.manage", async ({ db, actor }, form) => {
  const id = z.uuid().safeParse(formId(form));
  if (!id.success || !(await revokeApiKey(db, id.data, actor))) throw new TenancyError("invalid_request", "That key does not exist or is already revoked.");
  revalidatePath("/settings/api-keys");
  return { ok: true, message: "Key revoked." };
});
