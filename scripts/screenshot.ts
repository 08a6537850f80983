// Takes the README's dashboard screenshot from a running app (`npm run dev` in another terminal):
// Alice's dashboard in Acme, just as a colleague's change arrives over the event stream.
//   npx tsx scripts/screenshot.ts [base URL, default http://localhost:3000]
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

const base = new URL(process.argv[2] ?? "http://localhost:3000");
const acme = `${base.protocol}//acme.${base.host}`;
const out = path.join(import.meta.dirname, "..", "public", "screenshots", "dashboard.png");

async function signIn(page: Page, email: string) {
  await page.goto(`${acme}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("[data-testid=live-updates][data-connected=true]").waitFor({ state: "attached" });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const alice = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  const mona = await (await browser.newContext()).newPage();
  await Promise.all([signIn(alice, "alice@acme.test"), signIn(mona, "mona@acme.test")]);
  const name = `Anvil Delivery ${new Date().toISOString().slice(11, 19)}`;
  await mona.getByPlaceholder("New project name").fill(name);
  await mona.getByRole("button", { name: "Add" }).click();
  await alice.getByRole("status").filter({ hasText: `Someone added project ${name}` }).waitFor();
  await alice.getByRole("link", { name }).waitFor(); // the re-rendered list
  await alice.addStyleTag({ content: "nextjs-portal { display: none; }" }); // the dev-mode badge
  await alice.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
}
