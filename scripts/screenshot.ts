// Takes the README's screenshots from a running app (`npm run dev` in another terminal):
//   dashboard.png  Alice's dashboard in Acme (light), just as a colleague's change arrives live;
//   dark.png       an employee's page in dark mode after an edit (it changes the demo data: the
//                  history then has something to show), with the user menu open;
//   phone.png      the dashboard on a 390 px phone with the Menu open.
//   npx tsx scripts/screenshot.ts [base URL, default http://localhost:3000]
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

const base = new URL(process.argv[2] ?? "http://localhost:3000");
const acme = `${base.protocol}//acme.${base.host}`;
const out = (name: string) => path.join(import.meta.dirname, "..", "public", "screenshots", name);

async function signedIn(browser: Browser, email: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${acme}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("[data-testid=live-updates][data-connected=true]").waitFor({ state: "attached" });
  return page;
}

async function shoot(page: Page, name: string) {
  // Next's development badge; a production build (whose CSP refuses the style) has none.
  await page.addStyleTag({ content: "nextjs-portal { display: none; }" }).catch(() => undefined);
  await page.screenshot({ path: out(name) });
  console.log(`wrote public/screenshots/${name}`);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const [alice, mona] = await Promise.all([
    signedIn(browser, "alice@acme.test", { viewport: { width: 1280, height: 860 }, colorScheme: "light" }),
    signedIn(browser, "mona@acme.test"),
  ]);
  const name = `Anvil Delivery ${new Date().toISOString().slice(11, 19)}`;
  await mona.getByPlaceholder("New project name").fill(name);
  await mona.getByRole("button", { name: "Add" }).click();
  await alice.getByRole("status").filter({ hasText: name }).waitFor();
  await alice.getByRole("link", { name }).waitFor(); // the re-rendered list
  await shoot(alice, "dashboard.png");

  const dark = await signedIn(browser, "alice@acme.test", { viewport: { width: 1280, height: 860 }, colorScheme: "dark" });
  await dark.getByTestId("employee-row").first().getByRole("link").click();
  const edit = dark.getByRole("form", { name: /^Edit / });
  await edit.getByLabel("Title").fill(`Lead ${await edit.getByLabel("Title").inputValue()}`.slice(0, 120));
  await edit.getByRole("button", { name: "Save changes" }).click();
  await dark.getByTestId("history-change").first().waitFor();
  await dark.locator("[data-testid=user-menu] > summary").click();
  await shoot(dark, "dark.png");

  const phone = await signedIn(browser, "alice@acme.test", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await phone.locator("[data-testid=phone-menu] > summary").click();
  await shoot(phone, "phone.png");
} finally {
  await browser.close();
}
