// Roll-up report for the joint conference (联席会议): per document or for all documents.
// Overview figures, a per-unit table, a per-measure table (ref, heading, lead, co-units, light,
// latest 进展情况 and 存在问题), the 需协调事项 as the conference's agenda, and completion by unit.
// Written as an XLSX ledger (exceljs, streamed) and a DOCX briefing a clerk can edit (docx).
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import ExcelJS from "exceljs";
import type { PrismaClient } from "../app/generated/prisma/client";
import { dataDir } from "../app/config.server";
import { addToOutbox } from "../app/email/outbox.server";
import { html, layout } from "../app/email/html";
import { listedTaskIds } from "../app/models/escalation.server";
import { isDone, LIGHT_LABEL } from "../app/models/standing";
import { currentUnits } from "../app/models/unit.server";
import { reviewBoard } from "../app/models/review.server";
import {
  figuresByLeadUnit,
  figuresOf,
  supervisionScope,
  type TaskScope,
} from "../app/models/standing.server";
import { taskIndex } from "../app/models/task-index.server";
import { nationalRollup, type NationalMeasureRow } from "../app/models/measure-link.server";
import { compareUnitNames } from "../app/models/unit-order";
import { TASK_STATUS } from "../app/ui/labels";
import { shanghaiDate, sqliteTime } from "../app/utils/time";
import { readStatement } from "../app/db/read.server";
import { rollupFileName } from "../app/utils/file-names";
import { formulaSafe } from "../app/utils/spreadsheet";

export type RollupData = {
  title: string;
  period: string;
  builtAt: string;
  /** The jurisdictions covered (a supervising unit's), or empty for all. */
  scope?: string[];
  overview: {
    total: number;
    completed: number;
    closed: number;
    inProgress: number;
    blocked: number;
    notStarted: number;
    red: number;
    amber: number;
    green: number;
    unassigned: number;
    completionRate: number;
  };
  units: Array<{
    unit: string;
    led: number;
    completed: number;
    overdue: number;
    avgPercent: number;
    completionRate: number;
    /** The last closed period's on-time report rate, in whole percent; null when none was owed. */
    onTimeRate?: number | null;
  }>;
  measures: Array<{
    document: string;
    ref: string;
    heading: string;
    lead: string;
    co: string;
    light: string;
    status: string;
    percent: number | null;
    progress: string;
    problems: string;
    /** 佐证材料 received by then: their names, 、-separated (empty when none). */
    evidence?: string;
    /** Under 挂牌督办 when the roll-up was built. */
    listed?: boolean;
  }>;
  agenda: Array<{
    unit: string;
    document: string;
    ref: string;
    heading: string;
    item: string;
    date: string;
  }>;
  /**
   * For a national document: measure by measure, the provincial tasks that carry it in each
   * adopting jurisdiction of the scope, with their lights, latest progress and figures
   * (app/models/measure-link.server.ts nationalRollup).
   */
  national?: NationalMeasureRow[];
};

export const reportsDir = () => path.join(dataDir(), "reports");

/** The briefing (DOCX) and the in-browser view list at most this many measures; the XLSX has all. */
export const BRIEFING_MEASURES = 300;

/** All measures if few; otherwise the ones needing attention first (red, blocked, amber), capped. */
export function briefingMeasures(data: RollupData): RollupData["measures"] {
  if (data.measures.length <= BRIEFING_MEASURES) return data.measures;
  const rank = (m: RollupData["measures"][number]) =>
    m.light === "红灯" ? 0 : m.status === "受阻" ? 1 : m.light === "黄灯" ? 2 : 3;
  return [...data.measures].sort((a, b) => rank(a) - rank(b)).slice(0, BRIEFING_MEASURES);
}

/**
 * The figures, tables and agenda of a roll-up, as of `asOf` (the moment it is built): the same
 * standings and per-unit figures as the board and the digests. `period` names the reports whose
 * 需协调事项 make the agenda.
 */
export async function rollupData(
  db: PrismaClient,
  documentId: string | null,
  period: string,
  onProgress: (p: number) => Promise<void> = async () => {},
  opts: { scope?: TaskScope; asOf?: Date } = {},
): Promise<RollupData> {
  const asOf = opts.asOf ?? new Date();
  const scope = opts.scope ?? { kind: "all" };
  const index = taskIndex(db);
  const doc = documentId
    ? await db.document.findUniqueOrThrow({
        where: { id: documentId },
        select: { slug: true, title: true, jurisdiction: { select: { level: true } } },
      })
    : null;
  const board = await reviewBoard(db, doc ? { document: doc.slug } : {}, scope, asOf);
  const inScope = new Set(board.all.map((r) => r.id));
  await onProgress(20);
  // Scoped by document through joins, never by a list of task ids (SQLite's parameter limit).
  const docFilter = documentId ? { task: { documentId } } : {};
  documentId ??= null;
  const asOfText = sqliteTime(asOf);
  // The two big reads (a row per task) through prepared statements on the read connection: through
  // Prisma's raw queries the same rows cost about twice the memory and time.
  // Unit names per task and role, joined in SQL (in listed order) rather than 100k objects in memory.
  const assignments = readStatement(
    db,
    `SELECT taskId, role, group_concat(nameAsWritten, '、') AS names FROM (
       SELECT a.taskId, a.role, a.nameAsWritten FROM "Assignment" a JOIN "Task" t ON t.id = a.taskId
       WHERE a.removedAt IS NULL AND (? IS NULL OR t.documentId = ?) ORDER BY a.taskId, a.role, a.position)
     GROUP BY taskId, role`,
  ).all(documentId, documentId) as Array<{ taskId: string; role: string; names: string }>;
  // The latest report per task (the lead's consolidated one first) as of the period's deadline.
  const latest = readStatement(
    db,
    `SELECT p.taskId, p.percent, p.progress, p.problems FROM "Task" t JOIN "ProgressReport" p ON p.id = (
       SELECT q.id FROM "ProgressReport" q WHERE q.taskId = t.id AND q.createdAt <= ? ORDER BY q.consolidated DESC, q.createdAt DESC LIMIT 1)
     WHERE (? IS NULL OR t.documentId = ?)`,
  ).all(asOfText, documentId, documentId) as Array<{
    taskId: string;
    percent: number;
    progress: string;
    problems: string;
  }>;
  // 佐证材料 per task as of the roll-up's moment, in the order they came.
  const evidence = readStatement(
    db,
    `SELECT taskId, group_concat(fileName, '、') AS names FROM (
       SELECT f.taskId, f.fileName FROM "EvidenceFile" f JOIN "Task" t ON t.id = f.taskId
       WHERE f.createdAt <= ? AND (? IS NULL OR t.documentId = ?) ORDER BY f.taskId, f.createdAt, f.id)
     GROUP BY taskId`,
  ).all(asOfText, documentId, documentId) as Array<{ taskId: string; names: string }>;
  const evidenceByTask = new Map(evidence.map((e) => [e.taskId, e.names]));
  const listed = await listedTaskIds(db);
  const agenda = (
    await db.progressReport.findMany({
      where: { coordination: { not: "" }, period, createdAt: { lte: asOf }, ...docFilter },
      orderBy: { createdAt: "asc" },
      select: {
        coordination: true,
        createdAt: true,
        taskId: true,
        unit: { select: { name: true } },
        task: { select: { ref: true, heading: true, document: { select: { title: true } } } },
      },
    })
  ).filter((a) => inScope.has(a.taskId));
  await onProgress(40);
  const coByTask = new Map(
    assignments.filter((a) => a.role === "CO").map((a) => [a.taskId, a.names]),
  );
  const leadByTask = new Map(
    assignments.filter((a) => a.role === "LEAD").map((a) => [a.taskId, a.names]),
  );
  const latestByTask = new Map(latest.map((r) => [r.taskId, { ...r, percent: Number(r.percent) }]));

  const rows = board.all;
  const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  const overall = figuresOf(
    index,
    rows.map((r) => r.task),
    board.now,
    board.rules,
  );
  // Per lead unit as the board and the digests count them (joint leads, collectives' members).
  const units = figuresByLeadUnit(
    index,
    rows.map((r) => r.task),
    board.now,
    board.rules,
  ).map(({ unit, figures: f, tasks }) => {
    const percents = tasks.map((t) =>
      isDone(t.status) ? 100 : (latestByTask.get(t.id)?.percent ?? 0),
    );
    return {
      unit: unit.name,
      led: f.tasks,
      completed: f.done,
      overdue: f.overdue,
      avgPercent: Math.round(percents.reduce((a, b) => a + b, 0) / percents.length),
      completionRate: f.completionRate ?? 0,
      onTimeRate: f.onTimeRate,
    };
  });
  return {
    title: doc ? `${doc.title} 落实情况汇总` : "全部文件落实情况汇总",
    period,
    builtAt: asOf.toISOString(),
    scope:
      scope.kind === "jurisdictions"
        ? scope.ids.map((id) => index.jurisdiction(id)?.name ?? id)
        : [],
    overview: {
      total: overall.tasks,
      completed: count((r) => r.status === "COMPLETED"),
      closed: count((r) => r.status === "CLOSED"),
      inProgress: count((r) => r.status === "IN_PROGRESS"),
      blocked: count((r) => r.status === "BLOCKED"),
      notStarted: count((r) => r.status === "NOT_STARTED"),
      red: overall.red,
      amber: overall.amber,
      green: overall.green,
      unassigned: count((r) => !r.leadUnit),
      completionRate: overall.completionRate ?? 0,
    },
    units: units.sort((a, b) => b.led - a.led || compareUnitNames(a.unit, b.unit)),
    measures: rows.map((r) => {
      const rep = latestByTask.get(r.id);
      return {
        document: r.document.title,
        ref: r.ref,
        heading: r.heading,
        lead: leadByTask.get(r.id) || "待分配",
        co: coByTask.get(r.id) ?? "",
        light: r.light ? LIGHT_LABEL[r.light] : "—",
        status: TASK_STATUS[r.status] ?? r.status,
        percent: rep?.percent ?? null,
        progress: rep?.progress ?? "",
        problems: rep?.problems ?? "",
        evidence: evidenceByTask.get(r.id) ?? "",
        listed: listed.has(r.id),
      };
    }),
    agenda: agenda.map((a) => ({
      unit: a.unit.name,
      document: a.task.document.title,
      ref: a.task.ref,
      heading: a.task.heading,
      item: a.coordination,
      date: shanghaiDate(a.createdAt),
    })),
    ...(doc?.jurisdiction.level === "NATIONAL"
      ? { national: nationalRollup(db, documentId!, scope, board.now, board.rules, TASK_STATUS) }
      : {}),
  };
}

const bar = (pct: number) =>
  "█".repeat(Math.round(pct / 10)) + "░".repeat(10 - Math.round(pct / 10));

export async function writeXlsx(data: RollupData, file: string): Promise<void> {
  // The streaming writer keeps memory flat however many measures there are.
  // formulaSafe: no text a unit wrote becomes a live formula (app/utils/spreadsheet.ts).
  const wb = formulaSafe(
    new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true }),
  );
  wb.creator = "督办";
  const head = (ws: ExcelJS.Worksheet, cols: Array<[string, number]>) => {
    ws.columns = cols.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
  };
  const o = data.overview;
  const overview = wb.addWorksheet("概览");
  head(overview, [
    ["项目", 24],
    ["数值", 16],
  ]);
  for (const [k, v] of [
    ["报告", data.title],
    ["报送期次", data.period],
    ["生成时间", data.builtAt.replace("T", " ").slice(0, 16) + " UTC"],
    ["任务总数", o.total],
    ["已完成（办结）", o.completed],
    ["已销号", o.closed],
    ["推进中", o.inProgress],
    ["受阻", o.blocked],
    ["未启动", o.notStarted],
    ["红灯", o.red],
    ["黄灯", o.amber],
    ["绿灯", o.green],
    ["待分配", o.unassigned],
    ["完成率（%）", o.completionRate],
  ] as Array<[string, string | number]>)
    overview.addRow([k, v]).commit();
  overview.commit();
  const units = wb.addWorksheet("单位");
  head(units, [
    ["牵头单位", 28],
    ["牵头任务", 10],
    ["已完成", 10],
    ["逾期", 10],
    ["平均进度（%）", 14],
    ["完成率（%）", 12],
    ["完成情况", 14],
  ]);
  for (const u of data.units)
    units
      .addRow([
        u.unit,
        u.led,
        u.completed,
        u.overdue,
        u.avgPercent,
        u.completionRate,
        bar(u.completionRate),
      ])
      .commit();
  units.commit();
  const measures = wb.addWorksheet("措施台账");
  head(measures, [
    ["文件", 30],
    ["编号", 10],
    ["措施", 30],
    ["牵头单位", 24],
    ["配合单位", 40],
    ["灯", 6],
    ["状态", 10],
    ["进度（%）", 9],
    ["进展情况", 50],
    ["存在问题", 40],
    ["佐证材料", 40],
    ["挂牌督办", 10],
  ]);
  for (const m of data.measures) {
    const row = measures.addRow([
      m.document,
      m.ref,
      m.heading,
      m.lead,
      m.co,
      m.light,
      m.status,
      m.percent ?? "",
      m.progress,
      m.problems,
      m.evidence ?? "",
      m.listed ? "挂牌督办" : "",
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
    row.commit();
  }
  measures.commit();
  const agenda = wb.addWorksheet("需协调事项");
  head(agenda, [
    ["序号", 6],
    ["提出单位", 24],
    ["文件", 30],
    ["编号", 10],
    ["措施", 30],
    ["需协调事项", 60],
    ["日期", 12],
  ]);
  data.agenda.forEach((a, i) =>
    agenda.addRow([i + 1, a.unit, a.document, a.ref, a.heading, a.item, a.date]).commit(),
  );
  agenda.commit();
  await wb.commit();
}

const cell = (text: string | number, bold = false) =>
  new TableCell({
    children: [
      new Paragraph({
        children: [new TextRun({ text: String(text), bold, font: "SimSun", size: 20 })],
      }),
    ],
  });
const tableOf = (head: string[], rows: Array<Array<string | number>>) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
const p = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: "SimSun", size: 24 })],
    spacing: { after: 120 },
  });
const h = (
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_2,
) => new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });

export async function writeDocx(data: RollupData, file: string): Promise<void> {
  const o = data.overview;
  const doc = new Document({
    creator: "督办",
    title: data.title,
    sections: [
      {
        children: [
          new Paragraph({
            text: data.title,
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: `（${data.period}，联席会议材料）`, font: "SimSun" })],
          }),
          h("一、总体情况"),
          p(
            `共 ${o.total} 项任务：已完成（办结）${o.completed} 项，已销号 ${o.closed} 项，推进中 ${o.inProgress} 项，受阻 ${o.blocked} 项，未启动 ${o.notStarted} 项；完成率 ${o.completionRate}%。`,
          ),
          p(
            `红灯 ${o.red} 项，黄灯 ${o.amber} 项，绿灯 ${o.green} 项；待分配 ${o.unassigned} 项。`,
          ),
          h("二、各单位完成情况"),
          tableOf(
            ["牵头单位", "牵头任务", "已完成", "逾期", "完成率", "完成情况"],
            data.units.map((u) => [
              u.unit,
              u.led,
              u.completed,
              u.overdue,
              `${u.completionRate}%`,
              bar(u.completionRate),
            ]),
          ),
          h("三、需联席会议协调事项（会议议题）"),
          ...(data.agenda.length === 0
            ? [p("本期无。")]
            : data.agenda.map((a, i) =>
                p(`${i + 1}. ${a.unit}（${a.document} ${a.ref} ${a.heading}）：${a.item}`),
              )),
          h("四、各项措施落实情况"),
          ...(data.measures.length > BRIEFING_MEASURES
            ? [
                p(
                  `共 ${data.measures.length} 项措施，以下列出需重点关注的 ${BRIEFING_MEASURES} 项（红灯、受阻、黄灯优先），完整清单见台账（XLSX）。`,
                ),
              ]
            : []),
          tableOf(
            ["编号", "措施", "牵头单位", "配合单位", "灯", "状态", "最新进展", "存在问题"],
            briefingMeasures(data).map((m) => [
              m.ref,
              m.listed ? `【挂牌督办】${m.heading}` : m.heading,
              m.lead,
              m.co,
              m.light,
              m.status,
              m.progress,
              m.problems,
            ]),
          ),
        ],
      },
    ],
  });
  await writeFile(file, await Packer.toBuffer(doc));
}

/**
 * Sends the finished files to the joint conference's members: the liaisons of every unit (today's
 * unit) assigned in the report's scope, and the reviewers. Keyed per report and person.
 */
async function emailToMembers(
  db: PrismaClient,
  reportId: string,
  data: RollupData,
  files: string[],
): Promise<string[]> {
  const report = await db.rollupReport.findUniqueOrThrow({ where: { id: reportId } });
  const jurisdictions = report.supervisorId
    ? [...taskIndex(db).supervisedBy(report.supervisorId)]
    : null;
  const assigned = await db.assignment.findMany({
    where: {
      removedAt: null,
      task: {
        ...(report.documentId ? { documentId: report.documentId } : {}),
        ...(jurisdictions ? { jurisdictionId: { in: jurisdictions } } : {}),
      },
    },
    select: { unitId: true },
    distinct: ["unitId"],
  });
  const today = await currentUnits(db);
  const unitIds = new Set(assigned.map((a) => today.get(a.unitId)?.id ?? a.unitId));
  const members = await db.unitMembership.findMany({
    where: { collectiveId: { in: [...unitIds] } },
    select: { memberId: true },
  });
  members.forEach((m) => unitIds.add(m.memberId));
  const people = await db.user.findMany({
    where: {
      active: true,
      OR: [
        // The reviewers of the supervising unit the report is for (all, for a report of everything).
        { role: "REVIEWER", ...(report.supervisorId ? { unitId: report.supervisorId } : {}) },
        { role: "LIAISON", unitId: { in: [...unitIds] } },
      ],
    },
    select: { id: true, email: true },
    orderBy: { email: "asc" },
  });
  const subject = `【联席会议材料】${data.title}（${data.period}）`;
  const o = data.overview;
  const text = `${data.title}（${data.period}）\n共 ${o.total} 项，完成率 ${o.completionRate}%；红灯 ${o.red}、黄灯 ${o.amber}、绿灯 ${o.green}。\n需协调事项 ${data.agenda.length} 项。详见附件台账（XLSX）与简报（DOCX）。`;
  const body = html`<p>
      ${data.title}（${data.period}）：共 ${o.total} 项，完成率 ${o.completionRate}%；红灯
      ${o.red}、黄灯 ${o.amber}、绿灯 ${o.green}。
    </p>
    <p>需协调事项 ${data.agenda.length} 项。详见附件台账（XLSX）与简报（DOCX）。</p>`;
  // Named for the document, so that a member's mail folder tells the reports apart.
  const doc = report.documentId
    ? await db.document.findUnique({
        where: { id: report.documentId },
        select: { title: true, slug: true },
      })
    : null;
  const attachments = files.map((f) => ({
    filename: rollupFileName(doc, data.period, path.extname(f)),
    path: f,
  }));
  const ids: string[] = [];
  for (const p of people) {
    const { id } = await addToOutbox(db, {
      key: `rollup:${reportId}:${p.id}`,
      kind: "ROLLUP",
      to: p.email,
      toUserId: p.id,
      subject,
      text,
      html: layout(subject, body, "联席会议办公室"),
      attachments,
    });
    ids.push(id);
  }
  return ids;
}

/**
 * The monthly roll-ups: one per supervising unit, each covering what it supervises (a unit that
 * supervises nothing gets none). Returns the reports made.
 */
export async function createScheduledRollups(db: PrismaClient, period: string) {
  const supervisors = await db.supervision.findMany({
    select: { unitId: true },
    distinct: ["unitId"],
    orderBy: { unitId: "asc" },
  });
  const reports = [];
  for (const s of supervisors)
    reports.push(await db.rollupReport.create({ data: { period, supervisorId: s.unitId } }));
  return reports;
}

/** Builds a queued RollupReport: figures, then the XLSX, then the DOCX, reporting progress. */
export async function buildRollup(
  db: PrismaClient,
  reportId: string,
  onProgress: (p: number) => Promise<void> = async () => {},
  clock: { now?: Date } = {},
) {
  const report = await db.rollupReport.findUniqueOrThrow({ where: { id: reportId } });
  const progress = async (p: number) => {
    await db.rollupReport.update({ where: { id: reportId }, data: { progress: p } });
    await onProgress(p);
  };
  await db.rollupReport.update({
    where: { id: reportId },
    data: { status: "BUILDING", progress: 5, error: null },
  });
  try {
    const scope: TaskScope = report.supervisorId
      ? supervisionScope(taskIndex(db), report.supervisorId)
      : { kind: "all" };
    const data = await rollupData(db, report.documentId, report.period, progress, {
      scope,
      asOf: clock.now ?? new Date(),
    });
    mkdirSync(reportsDir(), { recursive: true });
    const base = `rollup-${report.period}-${report.documentId ? "doc" : "all"}-${report.id}`;
    await writeXlsx(data, path.join(reportsDir(), `${base}.xlsx`));
    await progress(70);
    await writeDocx(data, path.join(reportsDir(), `${base}.docx`));
    await db.rollupReport.update({
      where: { id: reportId },
      // The view keeps the briefing's selection; the full ledger is the XLSX.
      data: {
        status: "DONE",
        progress: 100,
        data: JSON.stringify({
          ...data,
          measures: briefingMeasures(data),
          measureTotal: data.measures.length,
        }),
        xlsxFile: `reports/${base}.xlsx`,
        docxFile: `reports/${base}.docx`,
        builtAt: new Date(),
      },
    });
    await onProgress(100);
    const emailIds = report.emailMembers
      ? await emailToMembers(db, reportId, data, [`reports/${base}.xlsx`, `reports/${base}.docx`])
      : [];
    const { period } = report;
    return {
      reportId,
      period,
      measures: data.measures.length,
      agenda: data.agenda.length,
      emailIds,
    };
  } catch (error) {
    await db.rollupReport.update({
      where: { id: reportId },
      data: { status: "FAILED", error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}
