// Every page of the app, as each role (and signed out), on a desktop and on a phone: it fits
// 390 px, its buttons keep their labels on one line, it says everything in Chinese, and no page —
// the queue monitor included — asks another origin for anything (a government intranet reaches
// none). Unknown URLs get a Chinese 404 page with the navigation and one log line; a failing page a
// Chinese 500 page. A route added to app/routes without a visit here fails the first test.
import type { ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import type { ParsedMail } from "mailparser";
import { captureMail } from "~/email/mailbox.server";
import { createDraft } from "~/models/import.server";
import { ensureLadder, ladderSteps, recordManualStep, takeStep } from "~/models/escalation.server";
import { acceptEvidence } from "~/models/evidence.server";
import { taskIndex } from "~/models/task-index.server";
import { submitReport } from "~/models/report.server";
import { writeInstruction } from "~/models/instruction.server";
import { urge } from "~/models/review.server";
import { inviteUser, passwordResetToken } from "~/models/user.server";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";
import { queuePrefix, REDIS_URL, requireRedis, testQueues } from "../helpers/worker";
import { checkPage, DESKTOP, launchBrowser, PHONE, RequestLog, type Device } from "./browser";

const PASSWORD = "password-for-e2e";
const LINKS = "/documents/sc-2016-processing-trade/links";
type Role = "ANONYMOUS" | "LIAISON" | "REVIEWER" | "ADMIN" | "LEADER";

/** Every route file and how the pages below reach it; a new route needs a line here. */
const ROUTES: Record<string, string> = {
  "$.tsx": "unknown URLs (404)",
  "_index.tsx": "/",
  "admin.calendar.tsx": "/admin/calendar",
  "admin.holidays.tsx": "/admin/holidays",
  "admin.lights.tsx": "/admin/lights",
  "admin.mailbox.tsx": "/admin/mailbox",
  "admin.mailbox_.$mailId.attachments.$index.tsx": "an attachment's download",
  "admin.escalation.tsx": "/admin/escalation",
  "admin.outbox.tsx": "/admin/outbox",
  "admin.users.tsx": "/admin/users",
  "admin.users_.$userId.tsx": "/admin/users/:id",
  "documents._index.tsx": "/documents",
  "documents.$slug.links.tsx": "/documents/:slug/links",
  "filters.choices.tsx": "fetched by the ledger and the board",
  "import._index.tsx": "/import",
  "import.$draftId.tsx": "/import/:id",
  "invite.$token.tsx": "/invite/:token",
  "login.tsx": "/login",
  "logout.tsx": "the 退出 button",
  "meetings._index.tsx": "/meetings",
  "my.tsx": "/my",
  "profile.tsx": "/profile",
  "reports.$reportId.$format.tsx": "/reports/:id/xlsx and docx",
  "reports.$reportId._index.tsx": "/reports/:id",
  "reports.compare.tsx": "/reports/compare?from=&to=",
  "reports._index.tsx": "/reports",
  "reset.$token.tsx": "/reset/:token",
  "review.tsx": "/review",
  "tasks.$taskId._index.tsx": "/tasks/:id",
  "tasks.$taskId.report.tsx": "/tasks/:id/report",
  "tasks.$taskId.evidence.$fileId.tsx": "a 佐证材料 download",
  "tasks.$taskId.escalation.tsx": "/tasks/:id/escalation",
  "tasks.$taskId.letters.$escalationId.tsx": "a 督办函 download",
  "units.$unitId.tsx": "/units/:id",
  "units._index.tsx": "/units",
};

type Visit = { name: string; url: string; status?: number; h1?: string };

describe("every page, every role, desktop and phone", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let server: ChildProcess;
  let output: () => string;
  let browser: Browser;
  let base = "";
  let queues: ReturnType<typeof testQueues>;
  let reportId = "";
  let mailId = "";
  let evidenceUrl = "";
  let letterUrl = "";
  const visits: Record<Role, Visit[]> = {
    ANONYMOUS: [],
    LIAISON: [],
    REVIEWER: [],
    ADMIN: [],
    LEADER: [],
  };
  const logs: RequestLog[] = [];

  beforeAll(async () => {
    await requireRedis();
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir; // the roll-up's files are written under the data folder
    const passwordHash = await hashPassword(PASSWORD);
    const mk = async (email: string, name: string, role: string, unit: string | null) =>
      f.db.user.create({
        data: {
          email,
          name,
          role,
          passwordHash,
          unitId: unit ? (await f.unit(unit)).id : null,
        },
      });
    const liaison = await mk("liaison@e2e.test", "商务厅联络员", "LIAISON", "商务厅");
    const reviewer = await mk("reviewer@e2e.test", "商务厅审核员", "REVIEWER", "商务厅");
    const admin = await mk("admin@e2e.test", "系统管理员", "ADMIN", null);
    const leader = await mk("leader@e2e.test", "商务厅分管领导", "LEADER", "商务厅");
    const task = await f.task("sc-2023-trade-power-draft", "二.2");
    const unassigned = await f.task("cn-2016-processing-trade", "七.(二十五)");

    // Something in every list: an urge in the outbox (one of its emails failed, so the resend
    // button shows), a captured email with its HTML, a finished roll-up and one that cannot be read.
    const emailIds = await urge(f.db, task.id, "请于本周内报送进展。", reviewer.id);
    const email = await f.db.email.update({
      where: { id: emailIds[0]! },
      data: { status: "FAILED", attempts: 6, lastError: "connect ECONNREFUSED 127.0.0.1:2525" },
      include: { body: true },
    });
    // Reports for 商务厅, the reviewer's supervising unit (only its reviewers see them).
    const supervisorId = reviewer.unitId;
    const report = await f.db.rollupReport.create({ data: { period: "2026-11", supervisorId } });
    await buildRollup(f.db, report.id);
    reportId = report.id;
    const captured = await captureMail(
      f.db,
      {
        from: { text: "duban@example.test" },
        subject: email.body.subject,
        text: email.body.text,
        html: email.body.html ?? false,
        attachments: [
          {
            filename: "督办汇总-全部文件-2026-11.docx",
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            content: Buffer.from("not really a document"),
          },
        ],
      } as unknown as ParsedMail,
      { from: "duban@example.test", to: [email.toAddress] },
    );
    mailId = captured.id;
    // 领导批示: one the report below answers (已落实, its answer under it on the timeline), one
    // written after it and open (on the task page, the liaison's /my and the report form).
    const answered = await writeInstruction(f.db, {
      taskId: task.id,
      leaderId: leader.id,
      unitId: leader.unitId!,
      text: "请会同配合单位倒排工期，确保年底前完成阶段目标。",
    });
    if (!answered.ok) throw new Error(answered.reason);
    // A report with a 佐证材料 file: on the task page, its timeline and as a download.
    const stored = await acceptEvidence([
      { name: "推进会纪要.pdf", bytes: Buffer.from("%PDF-1.4\n%%EOF\n", "latin1") },
    ]);
    if (!stored.ok) throw new Error(stored.errors.join());
    const filed = await submitReport(f.db, {
      taskId: task.id,
      unitId: liaison.unitId!,
      authorId: liaison.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 30,
        progress: "已召开推进会。",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      evidence: stored.files,
      instructionAnswer: { text: "已召开专题会议，倒排工期并明确责任人。", shown: [answered.id] },
    });
    await writeInstruction(f.db, {
      taskId: task.id,
      leaderId: leader.id,
      unitId: leader.unitId!,
      text: "此项进展偏慢，请分析原因、提出措施，下次报送时报告落实情况。",
    });
    const evidence = await f.db.evidenceFile.findFirstOrThrow({
      where: { reportId: filed.ok ? filed.reportId : "" },
    });
    evidenceUrl = `/tasks/${task.id}/evidence/${evidence.id}`;
    // A 督办函 from the ladder, and the task under 挂牌督办 (marked on the board and task page).
    await ensureLadder(f.db);
    const index = taskIndex(f.db);
    const letterStep = (await ladderSteps(f.db)).find((s) => s.kind === "LETTER")!;
    const letter = await takeStep(f.db, index, {
      task: index.get(task.id)!,
      step: letterStep,
      facts: { daysOverdue: 35, missedReports: 2, refusedExtensions: 0 },
      now: new Date(),
    });
    letterUrl = `/tasks/${task.id}/letters/${letter!.escalationId}`;
    await recordManualStep(f.db, task.id, { kind: "LISTED", reason: "逾期未改" }, reviewer.id);
    const broken = await f.db.rollupReport.create({
      data: { period: "2026-10", supervisorId, status: "DONE", progress: 100, data: "{not json" },
    });
    const { token: invite } = await inviteUser(
      f.db,
      { email: "new@e2e.test", name: "新联络员", role: "LIAISON", unitId: liaison.unitId! },
      admin.id,
    );
    const reset = await passwordResetToken(f.db, liaison.id, admin.id);
    // A draft import with a name the directory lacks and one it nearly has.
    const draft = await createDraft(f.db, {
      source: {
        kind: "text",
        text: [
          "四川省商务厅关于开展外贸企业走访的通知",
          "川商发〔2031〕8号",
          "一、开展走访",
          "（一）走访重点企业。对重点外贸企业开展走访。（责任单位：商务厅，省航天推进办、发展改革委）",
        ].join("\n"),
      },
      jurisdictionId: (await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } })).id,
      userId: reviewer.id,
    });

    const common: Visit[] = [
      { name: "ledger", url: "/" },
      { name: "ledger-unassigned", url: "/?unassigned=1" },
      { name: "documents", url: "/documents" },
      { name: "task", url: `/tasks/${task.id}` },
      { name: "unit", url: `/units/${liaison.unitId}` },
      { name: "profile", url: "/profile" },
      { name: "not-found", url: "/no-such-page", status: 404, h1: "页面不存在" },
    ];
    visits.ANONYMOUS = [
      { name: "login", url: "/login" },
      { name: "invite", url: `/invite/${invite}` },
      { name: "reset", url: `/reset/${reset}` },
      { name: "not-found", url: "/no-such-page", status: 404, h1: "页面不存在" },
    ];
    visits.LIAISON = [
      { name: "my", url: "/my" },
      ...common,
      { name: "report-form", url: `/tasks/${task.id}/report` },
      { name: "escalation", url: `/tasks/${task.id}/escalation` },
      { name: "review-refused", url: "/review", status: 403, h1: "无权访问" },
      { name: "import-refused", url: "/import", status: 403, h1: "无权访问" },
      { name: "links-refused", url: LINKS, status: 403, h1: "无权访问" },
      { name: "reports-refused", url: "/reports", status: 403, h1: "无权访问" },
      { name: "meetings-refused", url: "/meetings", status: 403, h1: "无权访问" },
    ];
    visits.REVIEWER = [
      { name: "review", url: "/review" },
      { name: "review-all-units", url: "/review?units=all" },
      ...common,
      { name: "task-unassigned", url: `/tasks/${unassigned.id}` },
      { name: "escalation", url: `/tasks/${task.id}/escalation` },
      { name: "units", url: "/units" },
      { name: "import", url: "/import" },
      { name: "import-draft", url: `/import/${draft.id}` },
      { name: "links", url: LINKS },
      { name: "reports", url: "/reports" },
      { name: "report", url: `/reports/${report.id}` },
      { name: "report-broken", url: `/reports/${broken.id}`, status: 500, h1: "出错了" },
      { name: "meetings", url: "/meetings" },
      { name: "compare", url: `/reports/compare?from=${report.id}&to=${report.id}` },
      { name: "admin-refused", url: "/admin/users", status: 403, h1: "无权访问" },
    ];
    // 分管领导: reads what 商务厅 supervises and writes instructions; runs none of the review.
    visits.LEADER = [
      { name: "review", url: "/review" },
      ...common,
      { name: "escalation", url: `/tasks/${task.id}/escalation` },
      { name: "units", url: "/units" },
      { name: "reports", url: "/reports" },
      { name: "report", url: `/reports/${report.id}` },
      { name: "meetings", url: "/meetings" },
      { name: "compare", url: `/reports/compare?from=${report.id}&to=${report.id}` },
      { name: "report-form-refused", url: `/tasks/${task.id}/report`, status: 403, h1: "无权访问" },
      { name: "import-refused", url: "/import", status: 403, h1: "无权访问" },
      { name: "links-refused", url: LINKS, status: 403, h1: "无权访问" },
      { name: "admin-refused", url: "/admin/users", status: 403, h1: "无权访问" },
    ];
    visits.ADMIN = [
      { name: "users", url: "/admin/users" },
      { name: "users-filtered", url: `/admin/users?role=LIAISON&unit=${liaison.unitId}` },
      { name: "user", url: `/admin/users/${liaison.id}` },
      { name: "calendar", url: "/admin/calendar" },
      { name: "holidays", url: "/admin/holidays" },
      { name: "holidays-2027", url: "/admin/holidays?year=2027" },
      { name: "lights", url: "/admin/lights" },
      { name: "outbox", url: "/admin/outbox" },
      { name: "escalation-ladder", url: "/admin/escalation" },
      { name: "mailbox", url: "/admin/mailbox" },
      { name: "mailbox-message", url: `/admin/mailbox?id=${captured.id}` },
      ...common,
      { name: "units", url: "/units" },
      { name: "links", url: LINKS },
      { name: "reports", url: "/reports" },
      { name: "meetings", url: "/meetings" },
    ];

    const prefix = queuePrefix();
    queues = testQueues(prefix);
    ({ base, server, output } = await startServer(f.file, f.dir, {
      REDIS_URL,
      DUBAN_QUEUE_PREFIX: prefix,
    }));
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    await queues?.cleanup();
    await f?.cleanup();
  });

  it("visits every route file", () => {
    const files = readdirSync(path.resolve(__dirname, "../../app/routes")).sort();
    expect(files, "add the new route's pages to tests/e2e/every-page.test.ts").toEqual(
      Object.keys(ROUTES).sort(),
    );
  });

  async function open(device: Device, role: Role) {
    const log = new RequestLog(base);
    logs.push(log);
    const page = await log.watch(await browser.newContext(device.options)).newPage();
    if (role !== "ANONYMOUS") {
      const email = `${role.toLowerCase()}@e2e.test`;
      await page.goto(`${base}/login`);
      await page.fill("#field-email", email);
      await page.fill("#field-password", PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click("button[type=submit]"),
      ]);
    }
    return { page, log };
  }

  async function visit(page: Page, device: Device, role: Role, v: Visit) {
    const response = await page.goto(`${base}${v.url}`);
    expect(response?.status(), `${v.url} as ${role}`).toBe(v.status ?? 200);
    if (v.h1) expect(await page.locator("h1").textContent()).toBe(v.h1);
    // Signed in, every page — error pages too — carries the navigation.
    if (role !== "ANONYMOUS")
      expect(await page.locator("header nav a").count(), `navigation on ${v.url}`).toBeGreaterThan(
        1,
      );
    await checkPage(page, device, `${role.toLowerCase()}-${v.name}`, {
      screenshot: device.name === "phone",
    });
  }

  for (const device of [DESKTOP, PHONE])
    for (const role of ["ANONYMOUS", "LIAISON", "REVIEWER", "ADMIN", "LEADER"] as const)
      it(`${role} on a ${device.name}`, async () => {
        const { page, log } = await open(device, role);
        for (const v of visits[role]) await visit(page, device, role, v);
        if (role === "LIAISON" || role === "REVIEWER" || role === "LEADER")
          expect([...log.paths]).toContain("/filters/choices");
        if (role !== "ANONYMOUS") {
          const file = await page.request.get(`${base}${evidenceUrl}`);
          expect(file.status(), evidenceUrl).toBe(200);
          expect(file.headers()["content-disposition"]).toMatch(/^attachment;/);
          const letter = await page.request.get(`${base}${letterUrl}`);
          expect(letter.status(), letterUrl).toBe(200);
        }
        if (role === "ADMIN") {
          const file = await page.request.get(`${base}/admin/mailbox/${mailId}/attachments/0`);
          expect(file.status()).toBe(200);
        }
        if (role === "REVIEWER" || role === "LEADER") {
          for (const format of ["xlsx", "docx"]) {
            const file = await page.request.get(`${base}/reports/${reportId}/${format}`);
            expect(file.status(), format).toBe(200);
          }
          // The charts the files carry as PNG, as the SVG ECharts drew (hidden on a phone).
          await page.goto(`${base}/reports/${reportId}`);
          expect(await page.locator(".chart[role=img] svg").count()).toBe(2);
          if (device.name === "desktop")
            expect(await page.locator('.chart[aria-label="各单位完成率"] svg').isVisible()).toBe(
              true,
            );
        }
        if (role !== "ANONYMOUS") {
          if (device.name === "phone") await page.click("header summary");
          await Promise.all([page.waitForURL("**/login"), page.click("header .who button")]);
        }
        await page.context().close();
      }, 120_000);

  it("the queue monitor is in Chinese, links back into 督办 and loads nothing from elsewhere", async () => {
    for (const device of [DESKTOP, PHONE]) {
      const { page } = await open(device, "ADMIN");
      const response = await page.goto(`${base}/admin/queues`);
      expect(response?.status()).toBe(200);
      expect(await response?.text()).not.toMatch(/fonts\.googleapis|https?:\/\/(?!www\.w3\.org)/);
      await page.waitForSelector("text=邮件发送");
      expect(await page.title()).toBe("督办 · 队列监控");
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      // Strings Bull Board's own translation lacks are filled in.
      const messages = await page.request.get(
        `${base}/admin/queues/static/locales/zh-CN/messages.json`,
      );
      expect(((await messages.json()) as { MENU: { OVERVIEW: string } }).MENU.OVERVIEW).toBe(
        "总览",
      );
      // Bull Board's own UI: its layout is not ours to check, the origin rule is.
      await checkPage(page, device, "admin-queues", {
        chinese: false,
        layout: false,
        screenshot: true,
      });
      await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("a.duban-back")]);
      await page.context().close();
    }
  });

  it("an unknown URL logs one line, not a stack trace", async () => {
    const before = output().length;
    const res = await fetch(`${base}/no/such/page?x=1`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("页面不存在");
    await new Promise((r) => setTimeout(r, 200));
    const printed = output().slice(before).trim().split("\n");
    expect(printed).toEqual(["web: 404 GET /no/such/page"]);
  });

  it("no page asked another origin for anything", () => {
    expect(logs.flatMap((l) => l.foreign)).toEqual([]);
  });
});
