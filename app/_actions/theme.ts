"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { THEME_COOKIE, THEMES } from "@/app/_components/theme";
import { refusalState, type ActionState } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const themeSchema = z.object({ theme: z.enum(THEMES, "Choose system, light or dark.") }).strict();

// Remembers this browser's colour theme for a year, on whichever host it was chosen. A choice of
// display only: it needs no workspace and no sign-in.
export async function setThemeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const { theme } = parseOrThrow(themeSchema, formInput(form));
    (await cookies()).set(THEME_COOKIE, theme, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 60 * 60 });
    return { ok: true };
  } catch (error) {
    return refusalState(error, {});
  }
}
