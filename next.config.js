/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the argon2 binding are Node-only; prom-client keeps one registry per process: keep them out of the bundle.
  serverExternalPackages: ["pg", "@node-rs/argon2", "prom-client"],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
};

export default nextConfig;
