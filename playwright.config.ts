import { defineConfig } from "@playwright/test";
import { env } from "./lib/env";

const port = env().TENANTRY_TEST_PORT;

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  // One at a time: several tests assert that a change shows within a second, which a second
  // worker's browsers competing for this machine's two cores would make a race.
  workers: 1,
  forbidOnly: true,
  reporter: [["list"], ["json"]],
  use: {
    // Chromium resolves *.localhost to loopback itself, so tenant subdomains work without DNS.
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: env().CHROMIUM_PATH,
      args: ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: {
    // `npm test` starts the server itself and this reuses it; a lone `npx playwright test` starts one.
    command: `npx next start -p ${port}`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: true,
  },
});
