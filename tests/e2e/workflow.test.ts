// End to end in a real browser (Debian's chromium driven by playwright-core) against the real
// server on a seeded SQLite file: liaisons report, the lead sees the co-unit's report, a reviewer
// filters red tasks and closes one out, and another unit's liaison is refused.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";

const root = path.resolve(__dirname, "../..");
const shots = path.join(root, "tests/output/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PASSWORD = "password-for-e2e";

let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let browser: Browser;
let base = "";
let taskId = "";
let foreignTaskId = "";

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`,
    );
  mkdirSync(shots, { recursive: true });
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (email: string, role: string, unit: string | null, code = "SC") =>
    f.db.user.create({
      data: {
        email,
        name: email.split("@")[0]!,
        role,
        passwordHash,
        unitId: unit ? (await f.unit(unit, code)).id : null,
      },
    });
  await mk("lead@e2e.test", "LIAISON", "商务厅");
  await mk("co@e2e.test", "LIAISON", "财政厅");
  await mk("other@e2e.test", "LIAISON", "市商务局", "TJ");
  await mk("reviewer@e2e.test", "REVIEWER", "商务厅");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads, 财政厅 co-owns
  foreignTaskId = taskId;

  ({ base, server } = await startServer(f.file, f.dir));
  browser = await chromium.launch({
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
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await f?.cleanup();
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 1360, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill("#field-email", email);
  await page.fill("#field-password", PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.click("button[type=submit]"),
  ]);
  return page;
}

async function fillReport(
  page: Page,
  values: {
    status?: string;
    percent: string;
    progress: string;
    problems?: string;
    coordination?: string;
  },
) {
  if (values.status) await page.selectOption("#field-status", values.status);
  await page.fill("#field-percent", values.percent);
  await page.fill("#field-progress", values.progress);
  if (values.problems !== undefined) await page.fill("#field-problems", values.problems);
  if (values.coordination !== undefined)
    await page.fill("#field-coordination", values.coordination);
}

describe("workflow in a browser", () => {
  it("a co-unit liaison lands on their tasks, files a report and sees it on the timeline", async () => {
    const page = await signIn("co@e2e.test");
    expect(new URL(page.url()).pathname).toBe("/my");
    await expect
      .poll(() => page.locator("h1").textContent(), { timeout: 10_000 })
      .toContain("财政厅");
    await page.screenshot({ path: path.join(shots, "my-tasks.png"), fullPage: true });
    await page.goto(`${base}/tasks/${taskId}/report`);
    await expect
      .poll(() => page.locator("h1").textContent(), { timeout: 10_000 })
      .toContain("报送进展");
    await fillReport(page, {
      percent: "30",
      progress: "已拨付首批专项资金 2000 万元。",
      problems: "部分市（州）配套资金未到位。",
    });
    await page.screenshot({ path: path.join(shots, "report-form.png"), fullPage: true });
    await Promise.all([
      page.waitForURL(`**/tasks/${taskId}?reported=1`),
      page.click("#report-form button[type=submit]"),
    ]);
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: 10_000 })
      .toContain("配合单位报送进展");
    await expect
      .poll(() => page.locator(".report").first().textContent(), { timeout: 10_000 })
      .toContain("已拨付首批专项资金 2000 万元。");
    await page.context().close();
  });

  it("the lead sees the co-unit's report beside its form, gets field errors with its text kept, and consolidates", async () => {
    const page = await signIn("lead@e2e.test");
    await page.goto(`${base}/tasks/${taskId}/report`);
    await expect
      .poll(() => page.locator("section").filter({ hasText: "配合单位最新报送" }).textContent(), {
        timeout: 10_000,
      })
      .toContain("已拨付首批专项资金 2000 万元。");
    // Invalid: percent out of range and no progress text; the other fields must survive.
    await fillReport(page, {
      percent: "150",
      progress: "",
      coordination: "需联席会议协调各市（州）配套资金。",
    });
    await page.click("#report-form button[type=submit]");
    await page.waitForSelector(".field-error");
    await expect(page.locator(".field.invalid").count()).resolves.toBe(2);
    await expect(page.inputValue("#field-coordination")).resolves.toBe(
      "需联席会议协调各市（州）配套资金。",
    );
    await expect(page.inputValue("#field-percent")).resolves.toBe("150");
    await page.screenshot({ path: path.join(shots, "report-form-errors.png"), fullPage: true });
    await fillReport(page, {
      percent: "35",
      progress: "牵头汇总：外贸主体培育工程已启动，财政厅首批资金到位。",
    });
    await Promise.all([
      page.waitForURL(`**/tasks/${taskId}?reported=1`),
      page.click("#report-form button[type=submit]"),
    ]);
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: 10_000 })
      .toContain("牵头单位报送汇总进展");
    expect(await page.locator(".timeline").textContent()).toContain("配合单位报送进展");
    await expect
      .poll(() => page.locator("dl.facts").textContent(), { timeout: 10_000 })
      .toContain("推进中");
    await page.screenshot({ path: path.join(shots, "task-page.png"), fullPage: true });
    await page.context().close();
  });

  it("a reviewer filters red tasks and closes one out", async () => {
    const page = await signIn("reviewer@e2e.test");
    expect(new URL(page.url()).pathname).toBe("/review");
    await page.screenshot({ path: path.join(shots, "review.png"), fullPage: true });
    // 商务厅's reviewer supervises 四川省: its 2016 opinions (20 measures, all long overdue).
    await page.selectOption("select[name=document]", "sc-2016-processing-trade");
    await page.selectOption("select[name=light]", "RED");
    await Promise.all([
      page.waitForURL(/light=RED/),
      page.click("form[role=search] button[type=submit]"),
    ]);
    const rows = page.locator("#tasks + table tbody tr");
    // Client-side navigation: wait until the filtered list has replaced the full one.
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(20);
    await expect(rows.first().textContent()).resolves.toContain("红灯");
    // Table links are plain anchors under one click handler: still a client-side navigation
    // (the page's window survives it).
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await Promise.all([page.waitForURL(/\/tasks\//), rows.first().locator("a").first().click()]);
    await expect(
      page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed),
    ).resolves.toBe(true);
    await page.fill("input[name=note]", "经审核，该项措施已被后续政策替代，予以销号。");
    await page.click("form:has(input[value=close]) button[type=submit]");
    await page.waitForSelector("text=已保存。");
    // The action's answer can paint before the revalidated task data: wait for the status.
    await expect
      .poll(() => page.locator("dl.facts").textContent(), { timeout: 10_000 })
      .toContain("已销号");
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: 10_000 })
      .toContain("经审核，该项措施已被后续政策替代，予以销号。");
    await page.screenshot({ path: path.join(shots, "task-closed.png"), fullPage: true });
    // Back on the overview, the red count for the 2016 opinions dropped by one.
    await page.goto(`${base}/review?document=sc-2016-processing-trade&light=RED`);
    await expect
      .poll(() => page.locator("#tasks + table tbody tr").count(), { timeout: 10_000 })
      .toBe(19);
    await page.context().close();
  });

  it("a liaison of another unit gets 403 on that task, and the attempt is logged", async () => {
    const page = await signIn("other@e2e.test");
    const response = await page.goto(`${base}/tasks/${foreignTaskId}`);
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe("无权访问");
    await page.screenshot({ path: path.join(shots, "forbidden.png"), fullPage: true });
    // A crafted POST to the report form is refused too.
    const post = await page.request.post(`${base}/tasks/${foreignTaskId}/report`, {
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: "10",
        progress: "伪造",
        baseReportId: "",
      },
      headers: { origin: base },
    });
    expect(post.status()).toBe(403);
    const other = await f.db.user.findUniqueOrThrow({ where: { email: "other@e2e.test" } });
    expect(
      await f.db.auditEvent.count({ where: { type: "access.denied", actorId: other.id } }),
    ).toBe(2);
    expect(await f.db.progressReport.count({ where: { progress: "伪造" } })).toBe(0);
    await page.context().close();
  });

  it("refuses a form posted from another site", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "email=a&password=b",
    });
    expect(res.status).toBe(403);
  });
});
