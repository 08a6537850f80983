// Next runs register() once when a server starts (next dev, next start). The settings are
// checked here, so a bad value stops the process at once with the variable's name, instead of
// failing at the first request that reads it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, InvalidSettingError } = await import("./lib/env");
  try {
    env();
  } catch (error) {
    if (!(error instanceof InvalidSettingError)) throw error;
    console.error(`[tenantry] ${error.message}`);
    process.exit(1);
  }
}
