import { cookies } from "next/headers";

// The colour theme a browser asked for, remembered in a cookie so the server renders it (no flash,
// no script): "system" follows the device. The CSS reads <html data-theme> (app/globals.css).
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "tenantry-theme";

/** The theme this request's browser chose ("system" until it chooses). */
export async function currentTheme(): Promise<Theme> {
  const value = (await cookies()).get(THEME_COOKIE)?.value ?? "";
  return (THEMES as readonly string[]).includes(value) ? (value as Theme) : "system";
}
