// What only a browser shows: the CSP lets Remix's own scripts run (the app hydrates and navigates
// with no violation reported), a crafted redirectTo does not leave the site in Chromium with or
// without JavaScript, and another origin cannot frame a page.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PASSWORD = "password-for-browser";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let browser: Browser;
let base = "";

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
  f = await seededDatabase();
  await f.db.user.create({
    data: {
      email: "reviewer@browser.test",
      name: "审核员",
      role: "REVIEWER",
      passwordHash: await hashPassword(PASSWORD),
      unitId: (await f.unit("商务厅")).id,
    },
  });
  ({ base, server } = await startServer(f.file, f.dir));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await f?.cleanup();
});

/** A context whose requests to any other origin are recorded and never sent. */
async function isolated(javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const elsewhere: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  return { context, elsewhere };
}

function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text()))
      seen.push(m.text());
  });
  return seen;
}

async function signInThroughForm(page: Page, redirectTo?: string) {
  const q = redirectTo === undefined ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`;
  await page.goto(`${base}/login${q}`);
  await page.fill("#field-email", "reviewer@browser.test");
  await page.fill("#field-password", PASSWORD);
  await page.click('button[type="submit"]');
  // Signed in, the page leaves /login (for wherever redirectTo sends it, if anywhere).
  await page
    .waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForLoadState("load");
}

describe("in Chromium", () => {
  it("Remix hydrates and navigates under the CSP, with no violation", async () => {
    const { context, elsewhere } = await isolated();
    const page = await context.newPage();
    const violations = watchViolations(page);
    await signInThroughForm(page);
    expect(new URL(page.url()).pathname).toBe("/review");
    expect(
      await page.evaluate(() => typeof (window as { __remixRouter?: unknown }).__remixRouter),
    ).toBe("object");
    // A client-side navigation (no document request) works: the module scripts ran.
    await page.click('nav a[href="/"]');
    await page.waitForURL(`${base}/`);
    expect(violations).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  for (const js of [true, false])
    it(`a crafted redirectTo stays on the site (JavaScript ${js ? "on" : "off"})`, async () => {
      for (const target of ["/%09/evil.example/", "/\t/evil.example/", "/.//evil.example/"]) {
        const { context, elsewhere } = await isolated(js);
        const page = await context.newPage();
        await signInThroughForm(page, target);
        expect(new URL(page.url()).origin, target).toBe(base);
        expect(elsewhere, target).toEqual([]);
        await context.close();
      }
    });

  it("another origin cannot frame a page", async () => {
    // A page on another port of the same host, as in the attack.
    const framer = http.createServer((_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(`<iframe id="f" src="${base}/login" width="600" height="400"></iframe>`);
    });
    await new Promise<void>((r) => framer.listen(0, "127.0.0.1", () => r()));
    const port = (framer.address() as { port: number }).port;
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForTimeout(500);
    const frame = page.frames().find((fr) => fr !== page.mainFrame());
    const framed = frame ? await frame.$("#field-email").catch(() => null) : null;
    expect(framed).toBeNull();
    await context.close();
    framer.close();
  });
});
