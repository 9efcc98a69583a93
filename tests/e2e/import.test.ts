// 导入文件 end to end in Chromium, on a desktop and on a phone (390 × 844): a reviewer uploads a
// Word file naming one unit the directory lacks, previews it, resolves that name (mapped to an
// existing unit on the desktop, a new unit on the phone), reloads (the draft survives), commits,
// and lands on the ledger with the new tasks. No page scrolls sideways on the phone.
import type { ChildProcess } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";
import { docxOf } from "../ingest/fixtures";
import { checkPage, DESKTOP, launchBrowser, PHONE, type Device } from "./browser";

const PASSWORD = "password-for-e2e";

/** A short work plan; `unknown` is in no directory. */
const paper = (number: string, unknown: string) => [
  "四川省商务厅关于推进外贸新业态发展的工作方案",
  number,
  "一、培育新业态主体",
  "（一）发展跨境电商。建设跨境电商综合试验区，2032年底前培育跨境电商龙头企业20家。（责任单位：商务厅，省发改委、成都海关）",
  `（二）发展海外仓。支持企业在重点市场布局海外仓。（责任单位：${unknown}，各市（州）人民政府）`,
  "二、优化发展环境",
  "（三）完善金融服务。引导金融机构为新业态企业提供结算和融资服务。",
  "牵头单位：人行成都分行",
  "牵头负责领导：王某某",
  "四川省商务厅",
  "2031年6月1日",
];

let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let browser: Browser;
let base = "";

beforeAll(async () => {
  f = await seededDatabase();
  await f.db.user.create({
    data: {
      email: "reviewer@e2e.test",
      name: "商务厅审核员",
      role: "REVIEWER",
      passwordHash: await hashPassword(PASSWORD),
      unitId: (await f.unit("商务厅")).id,
    },
  });
  ({ base, server } = await startServer(f.file, f.dir));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await f?.cleanup();
});

async function signIn(device: Device): Promise<Page> {
  const page = await (await browser.newContext(device.options)).newPage();
  await page.goto(`${base}/login`);
  await page.fill("#field-email", "reviewer@e2e.test");
  await page.fill("#field-password", PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.click("button[type=submit]"),
  ]);
  return page;
}

async function fits(page: Page, device: Device) {
  if (device.name !== "phone") return;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(390);
}

describe("import a document in a browser", () => {
  for (const device of [DESKTOP, PHONE])
    it(`uploads, previews, resolves an unknown unit and commits, on a ${device.name}`, async () => {
      const phone = device.name === "phone";
      const number = phone ? "川商发〔2031〕62号" : "川商发〔2031〕61号";
      const unknown = phone ? "省外贸综合服务中心" : "省新业态推进办";
      const page = await signIn(device);
      await page.goto(`${base}/import`);
      await checkPage(page, device, `import-upload`);
      await fits(page, device);
      await page.setInputFiles("#field-file", {
        name: "工作方案.docx",
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer: await docxOf(paper(number, unknown)),
      });
      await Promise.all([
        page.waitForURL(/\/import\/[^/]+$/),
        page.click("form[enctype='multipart/form-data'] button[type=submit]"),
      ]);
      await expect
        .poll(() => page.locator("h1").textContent(), { timeout: 10_000 })
        .toContain("导入预览");
      const problems = page.locator(".problems");
      await expect(problems.textContent()).resolves.toContain(unknown);
      await expect(page.locator("button:has-text('提交导入')").isDisabled()).resolves.toBe(true);
      // Every name shows how it resolved.
      const names = page.locator("table.names");
      const shown = (await names.textContent()) ?? "";
      for (const kind of ["名录单位", "别称", "已更名", "集合", "未知"])
        expect(shown).toContain(kind);
      await checkPage(page, device, `import-preview`);
      await fits(page, device);

      const row = names.locator("tr", { hasText: unknown });
      if (!phone) {
        await row.locator("select[name=unitId]").selectOption({ label: "省政府口岸物流办" });
        await Promise.all([
          page.waitForResponse((r) => r.request().method() === "POST"),
          row.locator("button:has-text('指定')").click(),
        ]);
      } else {
        await row.locator("select[name=kind]").selectOption("AGENCY");
        await Promise.all([
          page.waitForResponse((r) => r.request().method() === "POST"),
          row.locator("button:has-text('新建单位')").click(),
        ]);
      }
      await expect.poll(() => page.locator(".problems").count(), { timeout: 10_000 }).toBe(0);
      // The draft survives a reload, the decision with it.
      await page.reload();
      await expect(page.locator("table.names").textContent()).resolves.toContain(
        phone ? `将新建单位「${unknown}」` : "指定为「省政府口岸物流办」",
      );
      await checkPage(page, device, `import-ready`);
      await fits(page, device);

      await Promise.all([
        page.waitForURL(/\/\?document=/),
        page.click("button:has-text('提交导入')"),
      ]);
      const rows = page.locator("table.ledger tbody tr");
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
      await expect(rows.nth(1).textContent()).resolves.toContain(unknown);
      await checkPage(page, device, `import-ledger`);
      await fits(page, device);

      // The task page shows the responsible leader the document named.
      await Promise.all([page.waitForURL(/\/tasks\//), rows.nth(2).locator("a").first().click()]);
      await expect
        .poll(() => page.locator("dl.facts").textContent(), { timeout: 10_000 })
        .toContain("责任领导王某某");
      await fits(page, device);

      const sc = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
      if (!phone) {
        const alias = await f.db.unitAlias.findUniqueOrThrow({
          where: { jurisdictionId_alias: { jurisdictionId: sc.id, alias: unknown } },
          include: { unit: true },
        });
        expect(alias.unit.name).toBe("省政府口岸物流办");
      } else {
        const unit = await f.db.unit.findFirstOrThrow({ where: { name: unknown } });
        expect(unit).toMatchObject({ jurisdictionId: sc.id, kind: "AGENCY", recognized: true });
      }
      await page.context().close();
    }, 120_000);
});
