// Meetings and their decisions (议定事项): a decision recorded is a task like any other (its lead
// unit's list, reports, lights), and the next pack lists every earlier decision with its status.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDecisions, parseMeetingForm } from "~/forms/meeting-form";
import { MeetingError, recordMeeting } from "~/models/meeting.server";
import { myTasks } from "~/models/my-tasks.server";
import { submitReport } from "~/models/report.server";
import { taskPage } from "~/models/task-page.server";
import { buildRollup } from "../jobs/rollup";
import { seededDatabase } from "./helpers/fixtures";

const DECISIONS = [
  "协调保障跨境电商产业园用地指标｜商务厅｜自然资源厅、财政厅｜2027-03-31",
  "研究制定外贸企业融资支持办法｜财政厅｜｜2027-06-30",
].join("\n");

function form(over: Record<string, string> = {}, jurisdictionId = "") {
  const f = new FormData();
  const values = {
    jurisdictionId,
    kind: "JOINT",
    heldOn: "2026-11-20",
    minutesNumber: "〔2026〕3号",
    attendees: "商务厅、财政厅、自然资源厅负责同志",
    decisions: DECISIONS,
    ...over,
  };
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

describe("the meeting form", () => {
  it("reads one decision a line, and names the line of a problem", () => {
    const ok = parseDecisions(DECISIONS);
    expect(ok.ok && ok.lines).toEqual([
      {
        line: 1,
        text: "协调保障跨境电商产业园用地指标",
        lead: "商务厅",
        co: ["自然资源厅", "财政厅"],
        due: "2027-03-31",
      },
      { line: 2, text: "研究制定外贸企业融资支持办法", lead: "财政厅", co: [], due: "2027-06-30" },
    ]);
    expect(parseDecisions("事项｜商务厅｜｜2027-13-01")).toEqual({
      ok: false,
      error: "第 1 行完成时限应为 YYYY-MM-DD",
    });
    expect(parseDecisions("\n事项｜商务厅")).toMatchObject({ error: /第 2 行应为/ });
    expect(parseDecisions("  ")).toMatchObject({ error: "请至少填写一项议定事项" });
  });
  it("returns errors per field, in Chinese", () => {
    const r = parseMeetingForm(form({ minutesNumber: " ", heldOn: "11/20", kind: "X" }, "j"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.minutesNumber?.[0]).toMatch(/请填写纪要编号/);
    expect(r.errors.heldOn?.[0]).toMatch(/YYYY-MM-DD/);
    expect(r.errors.kind?.[0]).toBe("请选择会议类别");
  });
});

describe("recording a meeting", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let sc: string;
  const NOW = new Date("2026-11-21T02:00:00Z");
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
    sc = (await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } })).id;
  });
  afterAll(() => f.cleanup());
  const record = async (over: Record<string, string> = {}) => {
    const p = parseMeetingForm(form(over, sc));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    return recordMeeting(f.db, p.data, p.decisions, null, NOW);
  };

  it("makes each decision a task of the meeting's document, led and due as decided", async () => {
    const r = await record();
    const doc = await f.db.document.findUniqueOrThrow({
      where: { id: r.documentId },
      include: {
        meeting: true,
        tasks: { include: { assignments: true }, orderBy: { ref: "asc" } },
      },
    });
    expect(doc.title).toBe("联席会议议定事项（〔2026〕3号）");
    expect(doc.meeting).toMatchObject({ kind: "JOINT", minutesNumber: "〔2026〕3号" });
    const [first, second] = doc.tasks;
    expect(first).toMatchObject({
      ref: "1",
      sectionPath: "会议议定",
      heading: "协调保障跨境电商产业园用地指标",
      dueDateSource: "MANUAL",
      status: "NOT_STARTED",
    });
    const commerce = await f.unit("商务厅");
    const finance = await f.unit("财政厅");
    expect(first!.assignments.find((a) => a.role === "LEAD")?.unitId).toBe(commerce.id);
    expect(first!.assignments.filter((a) => a.role === "CO")).toHaveLength(2);
    expect(second!.assignments.map((a) => [a.unitId, a.role])).toEqual([[finance.id, "LEAD"]]);
    // On the lead unit's own list, like every task it leads.
    const mine = await myTasks(f.db, commerce.id, NOW);
    expect(mine.leads.map((t) => t.id)).toContain(first!.id);
    const created = await f.db.auditEvent.findFirstOrThrow({
      where: { taskId: first!.id, type: "task.decided" },
    });
    expect(JSON.parse(created.payload)).toMatchObject({ source: "会议议定" });
    // The task page names the meeting as the source; a seeded measure's source is its document.
    expect(taskPage(f.db, first!.id)!.task.source).toEqual({
      kind: "MEETING",
      meetingId: doc.meeting!.id,
      meetingKind: "JOINT",
      heldOn: "2026-11-20",
      minutesNumber: "〔2026〕3号",
    });
    const seeded = await f.db.task.findFirstOrThrow({
      where: { sectionPath: { not: "会议议定" } },
    });
    expect(taskPage(f.db, seeded.id)!.task.source).toEqual({ kind: "DOCUMENT" });
  });

  it("refuses a unit not in the directory, a second record of the minutes, a future date", async () => {
    await expect(
      record({ minutesNumber: "〔2026〕4号", decisions: "事项｜不存在的厅｜｜2027-01-01" }),
    ).rejects.toThrow(new MeetingError("decisions", "第 1 行的单位「不存在的厅」不在单位名录中"));
    await expect(record()).rejects.toThrow("这次会议的纪要已经登记过");
    await expect(record({ minutesNumber: "〔2026〕5号", heldOn: "2026-12-01" })).rejects.toThrow(
      "会议日期不能晚于今天",
    );
    expect(await f.db.meeting.count()).toBe(1);
  });

  it("the next pack lists every earlier decision with its status, in the briefing and the ledger", async () => {
    const task = await f.db.task.findFirstOrThrow({
      where: { document: { meeting: { minutesNumber: "〔2026〕3号" } }, ref: "1" },
    });
    const commerce = await f.user("LIAISON", "商务厅");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 40,
        progress: "已与自然资源厅对接用地指标",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      now: new Date("2026-11-22T03:00:00Z"),
    });
    const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    await buildRollup(f.db, report.id, undefined, { now: new Date("2026-12-01T01:00:00Z") });
    const built = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    const zip = await JSZip.loadAsync(readFileSync(path.join(f.dir, built.docxFile!)));
    const xml = await zip.file("word/document.xml")!.async("string");
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)</g)].map((m) => m[1]).join("|");
    expect(text).toContain("一、历次会议议定事项落实情况");
    expect(text).toContain("二、总体情况");
    expect(text).toContain(
      "联席会议〔2026〕3号（2026-11-20）|1. 协调保障跨境电商产业园用地指标|商务厅",
    );
    expect(text).toContain("推进中（绿灯）|已与自然资源厅对接用地指标");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(f.dir, built.xlsxFile!));
    const sheet = wb.getWorksheet("议定事项")!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(4).text).toBe("协调保障跨境电商产业园用地指标");
    expect(sheet.getRow(3).getCell(7).text).toBe("未启动");
  });
});
