// The supervision cycle end to end in a real browser, on a desktop and on a phone (390 px,
// WeChat's browser): a unit newly assigned acknowledges (签收), the lead splits the task into a
// milestone (节点), asks for an extension (延期申请) which the reviewer approves, reports with a
// file (佐证材料) that the task page then lists and serves as a download, declares it completed; the reviewer sends the completion back (退回重办), the lead completes it again and
// the reviewer closes it out (销号). Every page must fit the device, speak Chinese and ask no other
// origin (tests/e2e/browser.ts).
import type { ChildProcess } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { shanghaiDate } from "~/utils/time";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";
import { checkPage, DESKTOP, launchBrowser, PHONE, RequestLog, type Device } from "./browser";

const PASSWORD = "password-for-cycle-e2e";
const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * DAY));
// A small but real PDF: its bytes say PDF, which is what the server checks (not the name).
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

describe.each([DESKTOP, PHONE])(
  "the supervision cycle in a browser on a $name",
  (device: Device) => {
    let f: Awaited<ReturnType<typeof seededDatabase>>;
    let server: ChildProcess;
    let browser: Browser;
    let log: RequestLog;
    let base = "";
    let taskId = "";
    const check = (page: Page, name: string) => checkPage(page, device, `cycle-${name}`);

    beforeAll(async () => {
      f = await seededDatabase();
      const passwordHash = await hashPassword(PASSWORD);
      const mk = async (email: string, name: string, role: string, unit: string) =>
        f.db.user.create({
          data: { email, name, role, passwordHash, unitId: (await f.unit(unit)).id },
        });
      await mk("lead@cycle.test", "科技厅联络员", "LIAISON", "科技厅");
      await mk("reviewer@cycle.test", "商务厅审核员", "REVIEWER", "商务厅");
      // 二.2 of the 2023 draft, due in two months; 科技厅 is made its new lead below.
      const task = await f.task("sc-2023-trade-power-draft", "二.2");
      taskId = task.id;
      await f.db.task.update({
        where: { id: taskId },
        data: { dueDate: new Date(`${day(60)}T23:59:59+08:00`) },
      });
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
      await page.fill("#field-email", email);
      await page.fill("#field-password", PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click("button[type=submit]"),
      ]);
      return page;
    }

    const text = (page: Page, selector: string) =>
      expect.poll(() => page.locator(selector).first().textContent(), { timeout: 10_000 });

    async function submit(page: Page, form: string) {
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.click(`${form} button[type=submit]`),
      ]);
    }

    it("the reviewer assigns a new lead, which acknowledges it from its list", async () => {
      const reviewer = await signIn("reviewer@cycle.test");
      await reviewer.goto(`${base}/tasks/${taskId}`);
      const unitId = (await f.unit("科技厅")).id;
      await reviewer.selectOption("form:has(input[value=assign]) select[name=unitId]", unitId);
      await reviewer.selectOption("form:has(input[value=assign]) select[name=role]", "LEAD");
      await submit(reviewer, "form:has(input[value=assign])");
      await reviewer.context().close();

      const lead = await signIn("lead@cycle.test");
      await lead.goto(`${base}/my`);
      await text(lead, "section[aria-label=待签收] h2").toContain("待签收（1）");
      await check(lead, "my-pending");
      await Promise.all([
        lead.waitForURL(`**/tasks/${taskId}?index`),
        lead.click("section[aria-label=待签收] button[type=submit]"),
      ]);
      await text(lead, ".timeline").toContain("责任单位签收");
      await lead.context().close();
    });

    it("the lead adds a milestone and asks for an extension, which the reviewer approves", async () => {
      const lead = await signIn("lead@cycle.test");
      await lead.goto(`${base}/tasks/${taskId}`);
      await lead.click(".add-milestone summary");
      await lead.fill(".add-milestone input[name=title]", "出台培育实施细则");
      await lead.fill(".add-milestone input[name=dueDate]", day(20));
      await submit(lead, ".add-milestone form");
      await text(lead, "table.milestones").toContain("出台培育实施细则");
      await lead.click(".extension-request summary");
      await lead.fill(".extension-request input[name=requestedDate]", day(90));
      await lead.fill(".extension-request textarea[name=reason]", "配套资金下达推迟");
      await submit(lead, ".extension-request form");
      await text(lead, ".notice[role=status]").toContain("延期申请待审核");
      await check(lead, "task-lead");
      await lead.context().close();

      const reviewer = await signIn("reviewer@cycle.test");
      await reviewer.goto(`${base}/tasks/${taskId}`);
      await text(reviewer, ".extension-decision").toContain("配套资金下达推迟");
      await reviewer.fill(".extension-decision input[name=note]", "同意");
      await Promise.all([
        reviewer.waitForResponse((r) => r.request().method() === "POST"),
        reviewer.click(".extension-decision button[value=APPROVE]"),
      ]);
      await text(reviewer, ".facts").toContain(`经批准延期；原定 ${day(60)}`);
      await check(reviewer, "task-reviewer");
      await reviewer.context().close();
    });

    it("the lead reports with a file, which the task page lists and serves as a download", async () => {
      const lead = await signIn("lead@cycle.test");
      await lead.goto(`${base}/tasks/${taskId}/report`);
      await lead.fill("#field-percent", "60");
      await lead.fill("#field-progress", "已印发培育实施细则，附印发文件。");
      await lead.setInputFiles("#field-evidence", {
        name: "培育实施细则.pdf",
        mimeType: "application/pdf",
        buffer: PDF,
      });
      await check(lead, "report-form-file");
      await Promise.all([
        lead.waitForURL(`**/tasks/${taskId}?reported=1`),
        lead.click("#report-form button[type=submit]"),
      ]);
      await text(lead, "ul.evidence").toContain("培育实施细则.pdf");
      await text(lead, ".timeline").toContain("培育实施细则.pdf");
      await check(lead, "task-evidence");
      const href = await lead.locator("ul.evidence a").first().getAttribute("href");
      expect(href).toMatch(new RegExp(`^/tasks/${taskId}/evidence/`));
      // Through the browser's own session (its cookies), as a click on the link would fetch it.
      const res = await lead.context().request.get(`${base}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-disposition"]).toMatch(/^attachment;/);
      expect(res.headers()["content-type"]).toBe("application/pdf");
      expect(Buffer.from(await res.body()).equals(PDF)).toBe(true);
      // And a click on it is a download, not a page.
      const [download] = await Promise.all([
        lead.waitForEvent("download"),
        lead.click("ul.evidence a"),
      ]);
      expect(download.suggestedFilename()).toBe("培育实施细则.pdf");
      await lead.context().close();
    });

    it("the lead reports on the milestone and declares the task completed; sent back, completed again, closed out", async () => {
      const lead = await signIn("lead@cycle.test");
      await lead.goto(`${base}/tasks/${taskId}/report`);
      await lead.selectOption("#field-milestoneId", { index: 1 });
      await lead.fill("#field-percent", "100");
      await lead.fill("#field-progress", "细则已印发，任务全部完成。");
      await lead.selectOption("#field-status", "COMPLETED");
      await check(lead, "report-form");
      await Promise.all([
        lead.waitForURL(`**/tasks/${taskId}?reported=1`),
        lead.click("#report-form button[type=submit]"),
      ]);
      await lead.context().close();

      const reviewer = await signIn("reviewer@cycle.test");
      await reviewer.goto(`${base}/tasks/${taskId}`);
      await text(reviewer, ".review-completion").toContain("办结审核");
      await check(reviewer, "review-completion");
      await reviewer.fill(".review-completion input[name=reason]", "缺少印发文件");
      await submit(reviewer, ".review-completion form:has(input[value=sendBack])");
      await text(reviewer, ".timeline").toContain("办结审核未通过，退回重办");
      await reviewer.context().close();

      const again = await signIn("lead@cycle.test");
      await again.goto(`${base}/tasks/${taskId}/report`);
      await text(again, ".notice.sent-back").toContain("缺少印发文件");
      await again.selectOption("#field-status", "COMPLETED");
      await again.fill("#field-progress", "已补充印发文件。");
      await Promise.all([
        again.waitForURL(`**/tasks/${taskId}?reported=1`),
        again.click("#report-form button[type=submit]"),
      ]);
      await again.context().close();

      const close = await signIn("reviewer@cycle.test");
      await close.goto(`${base}/tasks/${taskId}`);
      await close.fill(".review-completion input[name=note]", "经审核已办结");
      await submit(close, ".review-completion form:has(input[value=close])");
      await text(close, ".facts").toContain("已销号");
      await close.context().close();
      expect(log.foreign).toEqual([]);
    });
  },
);
