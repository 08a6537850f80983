const port = Number(process.env.TENANTRY_TEST_PORT ?? 3100);

/** The address of a tenant's workspace: its own subdomain of localhost. */
export function tenantUrl(slug: string, path = "/"): string {
  return `http://${slug}.localhost:${port}${path}`;
}
