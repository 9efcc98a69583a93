// The browser side of the end-to-end tests: Debian's Chromium driven by playwright-core, a desktop
// and a phone (390 × 844, WeChat's in-app browser), every request recorded, and the checks every
// visited page must pass — on a phone nothing wider than the screen, on both no button whose label
// wraps, no request to another origin, no label left in English.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.resolve(__dirname, "../output/screenshots");

/** WeChat's in-app browser on Android (XWEB, a Chromium), as liaisons open Duban. */
export const WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 " +
  "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 " +
  "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin " +
  "NetType/WIFI Language/zh_CN ABI/arm64";

export type Device = { name: "desktop" | "phone"; width: number; options: BrowserContextOptions };

export const DESKTOP: Device = {
  name: "desktop",
  width: 1366,
  options: { locale: "zh-CN", viewport: { width: 1366, height: 900 } },
};

/**
 * A phone: a mobile context honours the page's viewport meta and, like a phone, widens its layout
 * viewport to the content — so the page's own width is compared with the device's, not innerWidth.
 */
export const PHONE: Device = {
  name: "phone",
  width: 390,
  options: {
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    userAgent: WECHAT_UA,
  },
};

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: npm test installs Debian's chromium when it can; or set CHROMIUM_PATH`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Every request any page of a context made to another origin than `base`, with the page it came from. */
export class RequestLog {
  readonly foreign: string[] = [];
  /** Paths of every same-origin request. */
  readonly paths = new Set<string>();
  constructor(private readonly base: string) {}

  watch(context: BrowserContext) {
    const origin = new URL(this.base).origin;
    const record = (url: string, from: string) => {
      const u = new URL(url);
      if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return;
      if (u.origin !== origin) this.foreign.push(`${from} → ${url}`);
      else this.paths.add(u.pathname);
    };
    context.on("request", (r) => record(r.url(), r.frame()?.url() ?? "?"));
    context.on("page", (page) => page.on("websocket", (ws) => record(ws.url(), page.url())));
    return context;
  }
}

/** What is wrong with the page's layout on this device, in words (empty when nothing is). */
export function layoutProblems(page: Page, device: Device): Promise<string[]> {
  return page.evaluate(
    ({ width, phone }) => {
      const problems: string[] = [];
      const name = (el: Element) => {
        const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 24);
        const cls = typeof el.className === "string" && el.className ? `.${el.className}` : "";
        return `<${el.tagName.toLowerCase()}${cls}>「${text}」`;
      };
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
      };
      // A label on one line: all its text boxes share a top.
      for (const el of document.querySelectorAll("button, .button, summary")) {
        if (!shown(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) problems.push(`${name(el)} wraps its label`);
      }
      if (!phone) return problems;
      const doc = document.documentElement;
      if (doc.scrollWidth > width) problems.push(`the page is ${doc.scrollWidth} px wide`);
      for (const el of document.querySelectorAll("body *")) {
        const style = getComputedStyle(el);
        const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
        if (scrolls && el.scrollWidth > el.clientWidth + 1 && shown(el))
          problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth})`);
      }
      for (const el of document.querySelectorAll("a, button, input, select, textarea, summary")) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        const left = r.left + window.scrollX;
        if (left < -1 || left + r.width > width + 1)
          problems.push(
            `${name(el)} is off-screen (${Math.round(left)}–${Math.round(left + r.width)})`,
          );
      }
      return problems;
    },
    { width: device.width, phone: device.name === "phone" },
  );
}

/**
 * Latin words in what the page says, other than names of formats and settings: raw enum values
 * (REMINDER, IN_PROGRESS) and English labels. Emails, URLs and file names do not count, nor text
 * a page marks as quoted in English (`lang="en"`: an SMTP server's error, a MIME type).
 */
const LATIN_ALLOWED = new Set([
  "XLSX",
  "DOCX",
  // File formats by their names (导入文件 says what it reads):
  "PDF",
  "Word",
  "Excel",
  "SMTP_URL",
  "REDIS_URL",
  "YYYY",
  // Browsers and systems by their names (个人设置's sessions):
  "Chrome",
  "Edge",
  "Firefox",
  "Safari",
  "Android",
  "iOS",
  "Windows",
  "macOS",
  "Linux",
  // In the seeded documents' own text:
  "OEM",
  "ODM",
  "OBM",
  "AEO",
]);

export async function latinWords(page: Page): Promise<string[]> {
  // Text node by text node (so that two cells never run together), leaving out what is marked
  // as English and what is not shown text.
  const text = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (!n.parentElement?.closest('[lang="en"], script, style, noscript'))
        parts.push(n.nodeValue ?? "");
    return parts.join(" ");
  });
  const words = text
    .replace(/[\w.+-]+@[\w.-]+/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    // File names keep their extension (督办汇总-2026-11.docx).
    .replace(/\S+\.(xlsx|docx|xls|doc|pdf|txt|csv|zip|png|jpg)\b/gi, " ")
    .match(/[A-Za-z][A-Za-z_]{2,}/g);
  return [...new Set(words ?? [])].filter((w) => !LATIN_ALLOWED.has(w));
}

/**
 * The checks for a page just visited: its layout on the device and its labels in Chinese (either
 * can be left out, as for Bull Board's own UI), then a screenshot named `<name>-<device>.png`.
 */
export async function checkPage(
  page: Page,
  device: Device,
  name: string,
  opts: { chinese?: boolean; layout?: boolean; screenshot?: boolean } = {},
) {
  await page.waitForLoadState("load");
  if (opts.layout !== false)
    expect(await layoutProblems(page, device), `${name} on a ${device.name}`).toEqual([]);
  if (opts.chinese !== false)
    expect(await latinWords(page), `English on ${name} (${device.name})`).toEqual([]);
  if (opts.screenshot !== false)
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${name}-${device.name}.png`),
      fullPage: true,
      scale: "css",
    });
}
