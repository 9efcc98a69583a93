// Leaders' instructions (领导批示) through the real server: a 分管领导 of 商务厅 (which supervises
// 四川省) writes an instruction on a Sichuan task; it is on the timeline with the leader's name and
// unit, the lead unit's liaisons (and no one else) get a notice in the outbox, the lead's /my and
// report form show it; the lead's report without 落实批示情况 is refused (error by the field,
// input kept, nothing written), with it accepted, and the instruction is 已落实 with the answer
// under it on the timeline. A co-unit's part needs no answer. A liaison, a reviewer and a leader
// of another jurisdiction may not instruct (403); a leader reads the board, ledger and roll-ups
// but may not assign, urge or close out.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { submitReport } from "~/models/report.server";
import { seededDatabase } from "../helpers/fixtures";
import { pageClient, reportFields } from "../helpers/pages";
import { startServer } from "../helpers/server";

const PASSWORD = "password-for-instructions";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let pages: ReturnType<typeof pageClient>;
let taskId = "";
let instructionId = "";
const TEXT = "请牵头单位本月底前拿出资金拨付方案，报我审定。";

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: string, unit: string, jurisdiction = "SC") =>
    f.db.user.create({
      data: {
        email: `${who}@instruct.test`,
        name: `${who}-name`,
        role,
        passwordHash,
        unitId: (
          await f.db.unit.findFirstOrThrow({
            where: { name: unit, jurisdiction: { code: jurisdiction } },
          })
        ).id,
      },
    });
  await mk("leader", "LEADER", "商务厅");
  await mk("leadertj", "LEADER", "市商务局", "TJ");
  await mk("lead", "LIAISON", "商务厅");
  await mk("lead2", "LIAISON", "商务厅");
  await mk("co", "LIAISON", "财政厅");
  await mk("reviewer", "REVIEWER", "商务厅");
  await mk("reviewertj", "REVIEWER", "市商务局", "TJ");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads, 财政厅 co-owns
  const started = await startServer(f.file, f.dir, { REDIS_URL: "" });
  server = started.server;
  pages = pageClient(started.base);
  for (const who of ["leader", "leadertj", "lead", "lead2", "co", "reviewer", "reviewertj"])
    await pages.signIn(who, `${who}@instruct.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

const reports = () => f.db.progressReport.count({ where: { taskId } });
const latestId = async (unit: string) =>
  (
    await f.db.progressReport.findFirstOrThrow({
      where: { taskId, unit: { name: unit } },
      orderBy: { createdAt: "desc" },
    })
  ).id;

describe("a leader (分管领导) reads what its unit supervises and takes no review action", () => {
  it("lands on the board, reads the ledger, the task and roll-ups, without action buttons", async () => {
    const home = await pages.get("/login", "leader");
    expect(home.status).toBe(302);
    const board = await pages.get("/review", "leader");
    expect(board.status).toBe(200);
    expect(board.html).toContain("督办总览");
    const ledger = await pages.get("/?document=sc-2023-trade-power-draft", "leader");
    expect(ledger.status).toBe(200);
    expect(ledger.html).toContain(`/tasks/${taskId}`);
    const page = await pages.get(`/tasks/${taskId}`, "leader");
    expect(page.status).toBe(200);
    expect(page.html).toContain("作出批示");
    for (const button of ["督办操作", ">分配<", ">催办<", ">销号<", "设定报送周期"])
      expect(page.html).not.toContain(button);
    const rollups = await pages.get("/reports", "leader");
    expect(rollups.status).toBe(200);
    expect(rollups.html).not.toContain(">生成报告</button>");
    // Others see no instruction form.
    for (const who of ["reviewer", "lead", "co"])
      expect((await pages.get(`/tasks/${taskId}`, who)).html).not.toContain("作出批示");
  });

  it("may not assign, urge, close out, import or build roll-ups (403, nothing written)", async () => {
    const unit = await f.unit("经济和信息化厅");
    for (const fields of <Array<Record<string, string>>>[
      { intent: "assign", unitId: unit.id, role: "CO" },
      { intent: "urge", message: "请加快进度" },
      { intent: "close", note: "经审核已办结" },
      { intent: "setDueDate", dueDate: "2027-06-30" },
    ])
      expect((await pages.post(`/tasks/${taskId}`, "leader", fields)).status).toBe(403);
    expect((await pages.get("/import", "leader")).status).toBe(403);
    expect((await pages.post("/reports", "leader", { period: "2026-11" })).status).toBe(403);
    expect((await pages.get(`/tasks/${taskId}/report`, "leader")).status).toBe(403);
    const task = await f.db.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task.status).not.toBe("CLOSED");
    expect(await f.db.auditEvent.count({ where: { taskId, type: "task.urged" } })).toBe(0);
  });

  it("a leader of another jurisdiction cannot read the task", async () => {
    expect((await pages.get(`/tasks/${taskId}`, "leadertj")).status).toBe(403);
  });
});

describe("领导批示 → notice → answered by the lead's next report", () => {
  it("refuses an instruction from a liaison, a reviewer, another jurisdiction's leader or reviewer", async () => {
    for (const who of ["lead", "co", "reviewer", "reviewertj", "leadertj"])
      expect(
        (await pages.post(`/tasks/${taskId}`, who, { intent: "instruct", text: "越权批示" }))
          .status,
        who,
      ).toBe(403);
    expect(await f.db.instruction.count()).toBe(0);
  });

  it("an empty or over-long instruction is refused next to the field, its text kept", async () => {
    const empty = await pages.post(`/tasks/${taskId}`, "leader", { intent: "instruct", text: " " });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("请填写批示内容");
    const long = "抓".repeat(1001);
    const tooLong = await pages.post(`/tasks/${taskId}`, "leader", {
      intent: "instruct",
      text: long,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain("批示内容不能超过 1000 字");
    expect(tooLong.html).toContain(long); // kept in the textarea
    expect(await f.db.instruction.count()).toBe(0);
  });

  it("the instruction is on the timeline with the leader's name and unit, and notifies the lead's liaisons only", async () => {
    const r = await pages.post(`/tasks/${taskId}`, "leader", { intent: "instruct", text: TEXT });
    expect(r.status).toBe(200);
    const rows = await f.db.instruction.findMany({ where: { taskId } });
    expect(rows).toMatchObject([{ text: TEXT }]);
    instructionId = rows[0]!.id;
    const page = await pages.get(`/tasks/${taskId}`, "reviewer");
    expect(page.html).toMatch(
      /领导批示<span class="muted"> · leader-name<\/span><span> — 商务厅：/,
    );
    expect(page.html).toContain(`商务厅：${TEXT}`);
    expect(page.html).toContain("待落实");
    const mail = await f.db.email.findMany({ where: { kind: "NOTICE" }, include: { body: true } });
    expect(mail.map((m) => m.toAddress).sort()).toEqual([
      "lead2@instruct.test",
      "lead@instruct.test",
    ]);
    expect(mail[0]!.body.subject).toContain("【领导批示】");
    expect(mail[0]!.body.text).toContain(TEXT);
    expect(mail[0]!.body.text).toContain("商务厅分管领导leader-name");
    // On the board of 商务厅 (its reviewers and leaders), not on 天津's.
    for (const who of ["leader", "reviewer"]) {
      const board = await pages.get("/review", who);
      expect(board.html).toContain("待落实的领导批示（1）");
      expect(board.html).toContain(TEXT);
    }
    expect((await pages.get("/review", "reviewertj")).html).not.toContain(TEXT);
  });

  it("the lead's /my and report form show it; a co-unit's form has no answer field", async () => {
    const my = await pages.get("/my", "lead");
    expect(my.html).toContain("待落实的领导批示（1）");
    expect(my.html).toContain(TEXT);
    const form = await pages.get(`/tasks/${taskId}/report`, "lead");
    expect(form.html).toContain("待落实的领导批示");
    expect(form.html).toContain("落实批示情况");
    expect(form.html).toContain(`name="instructionIds" value="${instructionId}"`);
    const coForm = await pages.get(`/tasks/${taskId}/report`, "co");
    expect(coForm.html).not.toContain("落实批示情况");
    expect((await pages.get("/my", "co")).html).not.toContain("待落实的领导批示");
    // A co-unit's part needs no answer, and answers nothing.
    const co = await pages.post(
      `/tasks/${taskId}/report`,
      "co",
      reportFields({ progress: "财政厅已安排资金。" }),
    );
    expect(co.status).toBe(302);
    expect(await f.db.instructionAnswer.count()).toBe(0);
  });

  it("refuses the lead's report without 落实批示情况: error by the field, input kept, nothing written", async () => {
    const before = await reports();
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({ progress: "已起草资金拨付方案。", instructionIds: instructionId }),
    );
    expect(r.status).toBe(400);
    expect(r.html).toMatch(/field-instructionAnswer-error[^>]*>请填写落实批示情况/);
    expect(r.html).toContain("已起草资金拨付方案。");
    expect(await reports()).toBe(before);
    // The rule is the model's, whoever files: refused in the report's own transaction too.
    const lead = await f.db.user.findUniqueOrThrow({ where: { email: "lead@instruct.test" } });
    const direct = await submitReport(f.db, {
      taskId,
      unitId: lead.unitId!,
      authorId: lead.id,
      relation: "LEAD",
      form: {
        period: "2026-12",
        status: "IN_PROGRESS",
        percent: 50,
        progress: "直接写入。",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
    });
    expect(direct).toEqual({ ok: false, reason: "unanswered" });
    expect(await reports()).toBe(before);
  });

  it("refuses an answer to a form that did not show the open instruction", async () => {
    const before = await reports();
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({ progress: "已起草资金拨付方案。", instructionAnswer: "已落实。" }),
    );
    expect(r.status).toBe(409);
    expect(r.html).toContain("领导有新的批示");
    expect(await reports()).toBe(before);
  });

  it("accepts the report with the answer: the instruction is 已落实, the answer under it on the timeline", async () => {
    const ANSWER = "已召开专题会研究，资金拨付方案已报分管领导审定。";
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({
        progress: "已起草资金拨付方案。",
        instructionIds: instructionId,
        instructionAnswer: ANSWER,
      }),
    );
    expect(r.status).toBe(302);
    const reportId = await latestId("商务厅");
    expect(await f.db.instructionAnswer.findMany()).toMatchObject([
      { instructionId, reportId, text: ANSWER },
    ]);
    // The leader is told how it was carried out.
    const told = await f.db.email.findMany({
      where: { toAddress: "leader@instruct.test" },
      include: { body: true },
    });
    expect(told).toHaveLength(1);
    expect(told[0]!.body.subject).toContain("【批示落实情况】");
    expect(told[0]!.body.text).toContain(`牵头单位商务厅报送的落实情况：${ANSWER}`);
    const page = await pages.get(`/tasks/${taskId}`, "leader");
    expect(page.html).toContain("已落实");
    expect(page.html).not.toContain("待落实");
    // On the timeline, under the instruction's entry.
    const timeline = page.html.slice(page.html.indexOf('class="timeline"'));
    expect(timeline).toMatch(
      new RegExp(
        `${TEXT}</span><ul class="instruction-answers"><li><span class="muted">落实批示情况 · 商务厅 · [^<]+</span> ${ANSWER}`,
      ),
    );
    expect(timeline).toMatch(
      /牵头单位报送汇总进展<span class="muted"> · lead-name<\/span><span> — 2026-12 · 推进中 50% · 回复领导批示/,
    );
    expect((await pages.get("/review", "leader")).html).not.toContain("待落实的领导批示");
    expect((await pages.get("/my", "lead")).html).not.toContain("待落实的领导批示");
    expect((await pages.get(`/tasks/${taskId}/report`, "lead")).html).not.toContain("落实批示情况");
    // The next report needs no answer.
    const next = await pages.post(
      `/tasks/${taskId}/report`,
      "lead",
      reportFields({ baseReportId: reportId, progress: "方案已审定。" }),
    );
    expect(next.status).toBe(302);
  });

  it("an answer in a report sent back as perfunctory no longer counts", async () => {
    const answering = (await f.db.instructionAnswer.findFirstOrThrow()).reportId;
    const r = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "sendBack",
      reportId: answering,
      reason: "落实情况空泛",
    });
    expect(r.status).toBe(200);
    expect((await pages.get("/my", "lead")).html).toContain("待落实的领导批示（1）");
    const form = await pages.get(`/tasks/${taskId}/report`, "lead");
    expect(form.html).toContain("上次落实情况随报送被退回，请重新回复");
  });

  it("keeps instructions and answers append-only in the database itself", async () => {
    await expect(
      f.db.instruction.update({ where: { id: instructionId }, data: { text: "改写" } }),
    ).rejects.toThrow(/append-only/);
    await expect(f.db.instructionAnswer.deleteMany()).rejects.toThrow(/append-only/);
  });
});
