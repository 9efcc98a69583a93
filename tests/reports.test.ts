// Progress reports: validation at the edge, append-only storage, status from the lead's report,
// and two people reporting at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReportForm, TEXT_LIMIT, type ReportForm } from "~/forms/report-form";
import { latestReport, submitReport } from "~/models/report.server";
import { seededDatabase } from "./helpers/fixtures";

function formData(values: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}
const valid = {
  period: "2026-11",
  status: "IN_PROGRESS",
  percent: "40",
  progress: "已召开推进会。",
  problems: "",
  nextSteps: "",
  coordination: "",
  baseReportId: "",
};

describe("report form validation", () => {
  it("accepts a valid report", () => {
    const r = parseReportForm(formData(valid));
    expect(r.ok && r.data).toMatchObject({ period: "2026-11", status: "IN_PROGRESS", percent: 40 });
  });
  it("returns an error per field, in Chinese", () => {
    const r = parseReportForm(
      formData({ ...valid, period: "2026-13", status: "DONE", percent: "abc", progress: "   " }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.period?.[0]).toMatch(/YYYY-MM/);
    expect(r.errors.status?.[0]).toMatch(/请选择状态/);
    expect(r.errors.percent?.[0]).toMatch(/0–100/);
    expect(r.errors.progress?.[0]).toMatch(/请填写进展情况/);
  });
  it(`bounds text at ${TEXT_LIMIT} characters`, () => {
    const r = parseReportForm(formData({ ...valid, problems: "问".repeat(TEXT_LIMIT + 1) }));
    expect(!r.ok && r.errors.problems?.[0]).toMatch(/不能超过 5000 字/);
    expect(parseReportForm(formData({ ...valid, problems: "问".repeat(TEXT_LIMIT) })).ok).toBe(
      true,
    );
  });
  it("keeps percent consistent with the status", () => {
    expect(
      parseReportForm(formData({ ...valid, status: "COMPLETED", percent: "90" })),
    ).toMatchObject({ ok: false, errors: { percent: [expect.stringMatching(/100/)] } });
    expect(
      parseReportForm(formData({ ...valid, status: "NOT_STARTED", percent: "10" })),
    ).toMatchObject({ ok: false });
    expect(parseReportForm(formData({ ...valid, percent: "101" }))).toMatchObject({ ok: false });
  });
});

describe("filing reports", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let taskId: string;
  let leadUnit: string;
  let coUnit: string;
  let lead1: string;
  let lead2: string;
  let co: string;
  beforeAll(async () => {
    f = await seededDatabase();
    // 2023 draft 二.2: led by 商务厅 and 省经济合作局, 财政厅 co-owns.
    taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id;
    leadUnit = (await f.unit("商务厅")).id;
    coUnit = (await f.unit("财政厅")).id;
    lead1 = (await f.user("LIAISON", "商务厅")).id;
    lead2 = (await f.user("LIAISON", "商务厅")).id;
    co = (await f.user("LIAISON", "财政厅")).id;
  });
  afterAll(() => f.cleanup());
  const form = (over: Partial<ReportForm> = {}): ReportForm => ({
    period: "2026-11",
    status: "IN_PROGRESS",
    percent: 30,
    progress: "进展",
    problems: "",
    nextSteps: "",
    coordination: "",
    baseReportId: "",
    ...over,
  });

  it("a co-unit's report is its own part and does not set the task's status", async () => {
    const r = await submitReport(f.db, {
      taskId,
      unitId: coUnit,
      authorId: co,
      relation: "CO",
      form: form({ status: "BLOCKED", progress: "<b>资金</b> 未到位 & “引号”" }),
    });
    expect(r.ok).toBe(true);
    const saved = await latestReport(f.db, taskId, coUnit);
    expect(saved).toMatchObject({
      consolidated: false,
      status: "BLOCKED",
      progress: "<b>资金</b> 未到位 & “引号”",
    });
    expect((await f.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe(
      "NOT_STARTED",
    );
  });
  it("a co-unit cannot declare the task completed", async () => {
    const base = (await latestReport(f.db, taskId, coUnit))!.id;
    expect(
      await submitReport(f.db, {
        taskId,
        unitId: coUnit,
        authorId: co,
        relation: "CO",
        form: form({ status: "COMPLETED", percent: 100, baseReportId: base }),
      }),
    ).toEqual({ ok: false, reason: "not_lead" });
  });
  it("the lead's consolidated report sets the task's status, and earlier reports stay as they were", async () => {
    const r1 = await submitReport(f.db, {
      taskId,
      unitId: leadUnit,
      authorId: lead1,
      relation: "LEAD",
      form: form({ percent: 20 }),
    });
    expect(r1.ok).toBe(true);
    const first = (await latestReport(f.db, taskId, leadUnit))!;
    const r2 = await submitReport(f.db, {
      taskId,
      unitId: leadUnit,
      authorId: lead1,
      relation: "LEAD",
      form: form({ percent: 50, status: "BLOCKED", baseReportId: first.id }),
    });
    expect(r2.ok).toBe(true);
    expect((await f.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe("BLOCKED");
    const all = await f.db.progressReport.findMany({
      where: { taskId, unitId: leadUnit },
      orderBy: { createdAt: "asc" },
    });
    expect(all.map((x) => x.percent)).toEqual([20, 50]);
    expect(all[0]).toMatchObject({ id: first.id, percent: 20, status: "IN_PROGRESS" });
    const events = await f.db.auditEvent.findMany({
      where: { taskId, type: { startsWith: "report." } },
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      "report.consolidated",
      "report.consolidated",
      "report.filed",
    ]);
  });
  it("two people of the same unit reporting from the same form: the second is refused, not lost", async () => {
    const opened = (await latestReport(f.db, taskId, leadUnit))!.id;
    // Both opened the form on the same report; submit concurrently.
    const [a, b] = await Promise.all([
      submitReport(f.db, {
        taskId,
        unitId: leadUnit,
        authorId: lead1,
        relation: "LEAD",
        form: form({ percent: 60, progress: "甲的报送", baseReportId: opened }),
      }),
      submitReport(f.db, {
        taskId,
        unitId: leadUnit,
        authorId: lead2,
        relation: "LEAD",
        form: form({ percent: 65, progress: "乙的报送", baseReportId: opened }),
      }),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok)!;
    expect(refused).toMatchObject({ ok: false, reason: "conflict" });
    // The refusal carries the newer report, so the page can show it next to the kept text.
    if (!refused.ok && refused.reason === "conflict")
      expect(["甲的报送", "乙的报送"]).toContain(refused.newer.progress);
    // Resubmitting on top of the newer report is accepted.
    const newer = (await latestReport(f.db, taskId, leadUnit))!;
    const again = await submitReport(f.db, {
      taskId,
      unitId: leadUnit,
      authorId: lead2,
      relation: "LEAD",
      form: form({ percent: 70, progress: "乙核对后的报送", baseReportId: newer.id }),
    });
    expect(again.ok).toBe(true);
    expect(await f.db.progressReport.count({ where: { taskId, unitId: leadUnit } })).toBe(4);
  });
  it("a closed task takes no more reports", async () => {
    await f.db.task.update({ where: { id: taskId }, data: { status: "CLOSED" } });
    const base = (await latestReport(f.db, taskId, leadUnit))!.id;
    expect(
      await submitReport(f.db, {
        taskId,
        unitId: leadUnit,
        authorId: lead1,
        relation: "LEAD",
        form: form({ baseReportId: base }),
      }),
    ).toEqual({ ok: false, reason: "closed" });
  });
});
