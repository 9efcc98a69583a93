// End to end in a real browser (Debian's chromium driven by playwright-core) against the real
// server on a seeded SQLite file, on a desktop and on a phone (390 × 844, WeChat's browser):
// liaisons report, the lead sees the co-unit's report, a reviewer filters red tasks, assigns,
// urges and closes one out, and another unit's liaison is refused. Every page visited must fit the
// device, keep button labels on one line, say everything in Chinese and ask no other origin for
// anything (tests/e2e/browser.ts); screenshots go to tests/output/screenshots/.
import type { ChildProcess } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";
import { checkPage, DESKTOP, launchBrowser, PHONE, RequestLog, type Device } from "./browser";

const PASSWORD = "password-for-e2e";

describe.each([DESKTOP, PHONE])("workflow in a browser on a $name", (device: Device) => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let server: ChildProcess;
  let browser: Browser;
  let log: RequestLog;
  let base = "";
  let taskId = "";
  const check = (page: Page, name: string) => checkPage(page, device, name);

  beforeAll(async () => {
    f = await seededDatabase();
    const passwordHash = await hashPassword(PASSWORD);
    const mk = async (email: string, name: string, role: string, unit: string, code = "SC") =>
      f.db.user.create({
        data: { email, name, role, passwordHash, unitId: (await f.unit(unit, code)).id },
      });
    await mk("lead@e2e.test", "商务厅联络员", "LIAISON", "商务厅");
    await mk("co@e2e.test", "财政厅联络员", "LIAISON", "财政厅");
    await mk("other@e2e.test", "天津市商务局联络员", "LIAISON", "市商务局", "TJ");
    await mk("reviewer@e2e.test", "商务厅审核员", "REVIEWER", "商务厅");
    taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads, 财政厅 co-owns
    // No Redis: urges stay in the outbox (nothing here runs a worker).
    ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
    browser = await launchBrowser();
    log = new RequestLog(base);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    await f?.cleanup();
  });

  async function signIn(email: string): Promise<Page> {
    const context = log.watch(await browser.newContext(device.options));
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await check(page, "login");
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

  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el ? el.id || el.name || el.className : null;
    });

  it("a co-unit liaison lands on their tasks, files a report and sees it on the timeline", async () => {
    const page = await signIn("co@e2e.test");
    expect(new URL(page.url()).pathname).toBe("/my");
    await expect
      .poll(() => page.locator("h1").textContent(), { timeout: 10_000 })
      .toContain("财政厅");
    await check(page, "my-tasks");
    await page.goto(`${base}/tasks/${taskId}/report`);
    await expect
      .poll(() => page.locator("h1").textContent(), { timeout: 10_000 })
      .toContain("报送进展");
    await fillReport(page, {
      percent: "30",
      progress: "已拨付首批专项资金 2000 万元。",
      problems: "部分市（州）配套资金未到位。",
    });
    await check(page, "report-form");
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
    await check(page, "task-page-co");
    await page.context().close();
  });

  it("the lead sees the co-unit's report beside its form, gets field errors with its text kept and the first one focused, and consolidates", async () => {
    const page = await signIn("lead@e2e.test");
    await check(page, "my-tasks-lead");
    await page.goto(`${base}/tasks/${taskId}/report`);
    await expect
      .poll(() => page.locator("section").filter({ hasText: "配合单位最新报送" }).textContent(), {
        timeout: 10_000,
      })
      .toContain("已拨付首批专项资金 2000 万元。");
    await check(page, "report-form-lead");
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
    // Focus moved to the first field in error, not left on the submit button.
    await expect.poll(() => focused(page), { timeout: 5_000 }).toBe("field-percent");
    await check(page, "report-form-errors");
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
    await check(page, "task-page");
    await page.context().close();
  });

  it("a reviewer sees the task list first, filters red tasks, assigns, urges and closes one out", async () => {
    const page = await signIn("reviewer@e2e.test");
    expect(new URL(page.url()).pathname).toBe("/review");
    await check(page, "review");
    // The task table comes before the per-unit summaries, and the unassigned list is folded.
    const top = (selector: string) =>
      page.locator(selector).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(await top("#tasks")).toBeLessThan(await top("#overdue-units"));
    expect(await top("#tasks")).toBeLessThan(await top("#unassigned"));
    expect(await page.locator("details#unassigned").getAttribute("open")).toBeNull();
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
    await check(page, "review-filtered");
    // Table links are plain anchors under one click handler: still a client-side navigation
    // (the page's window survives it).
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await Promise.all([page.waitForURL(/\/tasks\//), rows.first().locator("a").first().click()]);
    await expect(
      page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed),
    ).resolves.toBe(true);
    await check(page, "task-page-reviewer");

    // Assign a co-unit: saved, and the form starts afresh (no unit selected, role back to 牵头).
    const assign = page.locator("form:has(input[value=assign])");
    const unit = await assign
      .locator("select[name=unitId] option:not([value=''])")
      .first()
      .getAttribute("value");
    await assign.locator("select[name=unitId]").selectOption(unit!);
    await assign.locator("select[name=role]").selectOption("CO");
    await assign.locator("button[type=submit]").click();
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: 10_000 })
      .toContain("督办部门调整责任单位");
    await expect
      .poll(() => page.locator("form:has(input[value=assign]) select[name=unitId]").inputValue())
      .toBe("");
    expect(await page.locator("form:has(input[value=assign]) select[name=role]").inputValue()).toBe(
      "LEAD",
    );

    // An urge without a message is refused, and focus goes to its field.
    await page.click("form:has(input[value=urge]) button[type=submit]");
    await page.waitForSelector("form:has(input[value=urge]) .form-error");
    await expect.poll(() => focused(page), { timeout: 5_000 }).toBe("message");
    await check(page, "task-page-urge-error");
    await page.fill("input[name=message]", "请于本周内报送进展。");
    await page.click("form:has(input[value=urge]) button[type=submit]");
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: 10_000 })
      .toContain("请于本周内报送进展。");

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
    // The reason to reopen is empty, not the close-out note just typed.
    expect(await page.inputValue("form:has(input[value=reopen]) input[name=note]")).toBe("");
    await check(page, "task-closed");
    // Back on the overview, the red count for the 2016 opinions dropped by one.
    await page.goto(`${base}/review?document=sc-2016-processing-trade&light=RED`);
    await expect
      .poll(() => page.locator("#tasks + table tbody tr").count(), { timeout: 10_000 })
      .toBe(19);
    await page.context().close();
  });

  it("a liaison of another unit gets 403 on that task, and the attempt is logged", async () => {
    const page = await signIn("other@e2e.test");
    const response = await page.goto(`${base}/tasks/${taskId}`);
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe("无权访问");
    await check(page, "forbidden");
    // A crafted POST to the report form is refused too.
    const post = await page.request.post(`${base}/tasks/${taskId}/report`, {
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

  it.runIf(device.name === "phone")(
    "on a phone the menu folds, and opens and navigates without JavaScript",
    async () => {
      for (const javaScriptEnabled of [true, false]) {
        const context = log.watch(
          await browser.newContext({ ...device.options, javaScriptEnabled }),
        );
        const page = await context.newPage();
        await page.goto(`${base}/login`);
        await page.fill("#field-email", "lead@e2e.test");
        await page.fill("#field-password", PASSWORD);
        await Promise.all([page.waitForURL("**/my"), page.click("button[type=submit]")]);
        const ledger = page.locator("header nav a", { hasText: "任务台账" });
        expect(await ledger.isVisible()).toBe(false);
        await page.click("header summary");
        expect(await ledger.isVisible()).toBe(true);
        await check(page, javaScriptEnabled ? "menu-open" : "menu-open-no-js");
        await Promise.all([page.waitForURL((u) => u.pathname === "/"), ledger.click()]);
        await expect.poll(() => page.locator("h1").textContent()).toBe("任务台账");
        // A new page (or, with scripts, the client-side navigation) folds the menu again.
        await expect.poll(() => ledger.isVisible()).toBe(false);
        await context.close();
      }
    },
  );

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

  it("no page asked another origin for anything", () => {
    expect(log.foreign).toEqual([]);
  });
});
