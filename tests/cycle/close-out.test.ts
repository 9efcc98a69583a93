// Close-out review through the real server (办结 → 审核 → 销号, 退回重办): the lead's 已完成 waits for
// the reviewer; sent back with a reason it is 推进中 again, the lead unit gets a notice in the
// outbox and its report form shows why; completed again it is closed out. A perfunctory report
// sent back no longer counts as the period's report. A liaison may not send back; the reason is
// required (error next to the field, nothing written).
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "../helpers/fixtures";
import { pageClient, reportFields } from "../helpers/pages";
import { startServer } from "../helpers/server";

const PASSWORD = "password-for-close-out";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let pages: ReturnType<typeof pageClient>;
let taskId = "";
let otherTaskId = "";

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: string, unit: string) =>
    f.db.user.create({
      data: {
        email: `${who}@close.test`,
        name: who,
        role,
        passwordHash,
        unitId: (await f.unit(unit)).id,
      },
    });
  await mk("lead", "LIAISON", "商务厅");
  await mk("co", "LIAISON", "财政厅");
  await mk("reviewer", "REVIEWER", "商务厅");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads, 财政厅 co-owns
  otherTaskId = (await f.task("sc-2023-trade-power-draft", "四.8")).id;
  const started = await startServer(f.file, f.dir, { REDIS_URL: "" });
  server = started.server;
  pages = pageClient(started.base);
  for (const who of ["lead", "co", "reviewer"])
    await pages.signIn(who, `${who}@close.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

const status = async (id: string) =>
  (await f.db.task.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const latestId = async (id: string, unit: string) =>
  (
    await f.db.progressReport.findFirstOrThrow({
      where: { taskId: id, unit: { name: unit } },
      orderBy: { createdAt: "desc" },
    })
  ).id;

describe("close-out review", () => {
  it("the lead's 已完成 is a request the reviewer sees with 销号 and 退回重办", async () => {
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({
        status: "COMPLETED",
        percent: "100",
        progress: "已全部完成。",
      }),
    );
    expect(r.status).toBe(302);
    expect(await status(taskId)).toBe("COMPLETED");
    const page = await pages.get(`/tasks/${taskId}`, "reviewer");
    expect(page.html).toContain("办结审核");
    expect(page.html).toContain("审核通过，销号");
    expect(page.html).toContain("退回重办");
    // The lead sees no review panel.
    expect((await pages.get(`/tasks/${taskId}`, "lead")).html).not.toContain("审核通过，销号");
  });

  it("refuses a liaison's send-back (403) and one without a reason (error by the field)", async () => {
    const byLiaison = await pages.post(`/tasks/${taskId}`, "lead", {
      intent: "sendBack",
      reason: "自己退回",
    });
    expect(byLiaison.status).toBe(403);
    const empty = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "sendBack",
      reason: " ",
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("请填写退回原因");
    expect(await f.db.sendBack.count()).toBe(0);
    expect(await status(taskId)).toBe("COMPLETED");
  });

  it("sends the completion back: 推进中, a notice to the lead's liaison, the reason on the timeline and the form", async () => {
    const r = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "sendBack",
      reason: "缺少配套资金拨付凭证",
    });
    expect(r.status).toBe(200);
    expect(await status(taskId)).toBe("IN_PROGRESS");
    const rows = await f.db.sendBack.findMany({ where: { taskId } });
    expect(rows).toMatchObject([{ kind: "COMPLETION", reason: "缺少配套资金拨付凭证" }]);
    const mail = await f.db.email.findMany({
      where: { kind: "NOTICE" },
      include: { body: true },
    });
    expect(mail.map((m) => m.toAddress)).toEqual(["lead@close.test"]);
    expect(mail[0]!.body.text).toContain("退回原因：缺少配套资金拨付凭证");
    const page = await pages.get(`/tasks/${taskId}`, "lead");
    expect(page.html).toContain("办结审核未通过，退回重办");
    expect(page.html).toContain("退回原因：缺少配套资金拨付凭证");
    expect(page.html).toContain("已退回重办：缺少配套资金拨付凭证");
    const form = await pages.get(`/tasks/${taskId}/report`, "lead");
    expect(form.html).toContain("办结申请被退回重办：缺少配套资金拨付凭证");
    expect(form.html).toMatch(/<option value="IN_PROGRESS" selected="">/);
    // Nothing to review now: a second send-back is refused.
    const again = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "sendBack",
      reason: "再次退回",
    });
    expect(again.status).toBe(409);
  });

  it("completed again, it is closed out; every step stays on the timeline", async () => {
    const base = await latestId(taskId, "商务厅");
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({
        baseReportId: base,
        status: "COMPLETED",
        percent: "100",
        progress: "已补充拨付凭证。",
      }),
    );
    expect(r.status).toBe(302);
    expect(await pages.get(`/tasks/${taskId}/report`, "lead").then((p) => p.html)).not.toContain(
      "被退回重办",
    );
    const close = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "close",
      note: "经审核已办结",
    });
    expect(close.status).toBe(200);
    expect(await status(taskId)).toBe("CLOSED");
    const types = (
      await f.db.auditEvent.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } })
    ).map((e) => e.type);
    expect(types.slice(-4)).toEqual([
      "report.consolidated",
      "task.sent_back",
      "report.consolidated",
      "task.closed",
    ]);
  });

  it("a perfunctory report sent back no longer counts as the period's report", async () => {
    const filed = await pages.post(
      `/tasks/${otherTaskId}/report`,
      "lead",
      reportFields({
        period: currentMonth(),
        progress: "正在推进。",
      }),
    );
    expect(filed.status).toBe(302);
    expect((await pages.get(`/tasks/${otherTaskId}`, "reviewer")).html).toMatch(
      /本期报送<\/dt><dd>已报送/,
    );
    const reportId = await latestId(otherTaskId, "商务厅");
    const r = await pages.post(`/tasks/${otherTaskId}`, "reviewer", {
      intent: "sendBack",
      reportId,
      reason: "进展内容空泛，未说明具体举措",
    });
    expect(r.status).toBe(200);
    expect(await status(otherTaskId)).toBe("IN_PROGRESS"); // a report, not a completion
    const page = await pages.get(`/tasks/${otherTaskId}`, "reviewer");
    expect(page.html).toMatch(/本期报送<\/dt><dd>未报送/);
    expect(page.html).toContain("报送被退回重办");
    const form = await pages.get(`/tasks/${otherTaskId}/report`, "lead");
    expect(form.html).toContain("上次报送被退回重办：进展内容空泛，未说明具体举措");
    // Filed again, it counts.
    await pages.post(
      `/tasks/${otherTaskId}/report`,
      "lead",
      reportFields({
        baseReportId: reportId,
        period: currentMonth(),
        progress: "已召开专题会，明确 3 项举措和责任人。",
      }),
    );
    expect((await pages.get(`/tasks/${otherTaskId}`, "reviewer")).html).toMatch(
      /本期报送<\/dt><dd>已报送/,
    );
  });
});

function currentMonth() {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .slice(0, 7);
}
