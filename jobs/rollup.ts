// Roll-up report for the joint conference (联席会议): per document or for all documents.
// Overview figures, a per-unit table, a per-measure table (ref, heading, lead, co-units, light,
// latest 进展情况 and 存在问题), the 需协调事项 as the conference's agenda, and completion by unit.
// Written as an XLSX ledger (exceljs, streamed) and a DOCX briefing a clerk can edit (docx).
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../app/generated/prisma/client";
import { dataDir } from "../app/config.server";
import { addToOutbox } from "../app/email/outbox.server";
import { html, layout } from "../app/email/html";
import { listedTaskIds } from "../app/models/escalation.server";
import {
  closedPeriodMoment,
  isDone,
  LIGHT_LABEL,
  periodReportSlotState,
  SLOT_STATE_LABEL,
  type PeriodReport,
} from "../app/models/standing";
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
import { writeBriefingDocx, type BriefingPart } from "../app/reports/briefing";
import { meetingsHeldBy } from "../app/models/meeting.server";
import { MEETING_KINDS, type MeetingKind } from "../app/forms/meeting-form";
import { conferenceRecipients, type PackRecipient } from "../app/models/conference-member.server";
import { bulletinData, writeBulletinDocx, type BulletinData } from "../app/reports/bulletin";
import { chartImages, packCharts, type ChartImages } from "../app/reports/charts";
import { writeLedgerXlsx } from "../app/reports/ledger";
import {
  diffSnapshots,
  SINCE_ROWS,
  snapshotOf,
  type Snapshot,
  type SnapshotDiff,
} from "../app/reports/snapshot";

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
    /** Today's name. */
    unit: string;
    /** The names of its predecessors that the tasks' lead assignments were written with. */
    formerly?: string[];
    led: number;
    completed: number;
    overdue: number;
    avgPercent: number;
    completionRate: number;
    /** The last closed period's on-time report rate, in whole percent; null when none was owed. */
    onTimeRate?: number | null;
    /** The last closed period's reports of its led tasks filed late (迟报) and not filed (缺报). */
    late?: number;
    missing?: number;
  }>;
  measures: Array<{
    /** The task (absent in reports built before snapshots). */
    id?: string;
    daysOverdue?: number;
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
    /** The last closed period's report: 按时报送, 迟报 or 缺报; empty when none was owed. */
    lastReport?: string;
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
  /**
   * Every decision (议定事项) of the meetings held by then whose tasks are in the report's scope,
   * newest meeting first, with its standing: what the next pack reports on.
   */
  decisions?: Array<{
    meeting: string;
    heldOn: string;
    ref: string;
    heading: string;
    lead: string;
    due: string;
    status: string;
    light: string;
    progress: string;
  }>;
  /** The bulletin's figures for the pack's period, as of then (app/reports/bulletin.ts). */
  bulletin?: BulletinData;
};

export const reportsDir = () => path.join(dataDir(), "reports");

/** The last closed period's report as the roll-up lists it (standing.ts periodReportSlotState). */
const lastReportText = (r: PeriodReport) => {
  const state = periodReportSlotState(r);
  return state ? SLOT_STATE_LABEL[state] : "";
};

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
    `SELECT a.taskId, a.role, a.unitId, a.nameAsWritten FROM "Assignment" a JOIN "Task" t ON t.id = a.taskId
     WHERE a.removedAt IS NULL AND (? IS NULL OR t.documentId = ?) ORDER BY a.taskId, a.role, a.position`,
  ).all(documentId, documentId) as AssignmentRow[];
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
        unitId: true,
        task: { select: { ref: true, heading: true, document: { select: { title: true } } } },
      },
    })
  ).filter((a) => inScope.has(a.taskId));
  await onProgress(40);
  const today = await currentUnits(db);
  const { leadByTask, coByTask, writtenByUnit } = unitNames(assignments, today);
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
      formerly: [...(writtenByUnit.get(unit.id) ?? [])].filter((w) => w !== unit.name),
      led: f.tasks,
      completed: f.done,
      overdue: f.overdue,
      avgPercent: Math.round(percents.reduce((a, b) => a + b, 0) / percents.length),
      completionRate: f.completionRate ?? 0,
      onTimeRate: f.onTimeRate,
      late: f.lateLastPeriod,
      missing: f.missingLastPeriod,
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
        id: r.id,
        daysOverdue: r.daysOverdue,
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
        lastReport: lastReportText(r.standing.last),
        listed: listed.has(r.id),
      };
    }),
    agenda: agenda.map((a) => ({
      unit: today.get(a.unitId)?.name ?? a.unitId,
      document: a.task.document.title,
      ref: a.task.ref,
      heading: a.task.heading,
      item: a.coordination,
      date: shanghaiDate(a.createdAt),
    })),
    decisions: decisionsOf(await meetingsHeldBy(db, asOf), rows, (r) => ({
      lead: leadByTask.get(r.id) || "待分配",
      progress: latestByTask.get(r.id)?.progress ?? "",
    })),
    // The bulletin is about the pack's period: its figures as of the moment that period was
    // still the last closed one (the pack's own moment for the last closed period).
    bulletin: bulletinData(
      index,
      rows.map((r) => r.task),
      closedPeriodMoment(period, board.now, board.rules.calendar) ?? board.now,
      board.rules,
    ),
    ...(doc?.jurisdiction.level === "NATIONAL"
      ? { national: nationalRollup(db, documentId!, scope, board.now, board.rules, TASK_STATUS) }
      : {}),
  };
}

type BoardRow = Awaited<ReturnType<typeof reviewBoard>>["all"][number];

/** The decisions of the meetings, in meeting order (newest first) then as decided. */
function decisionsOf(
  meetings: Awaited<ReturnType<typeof meetingsHeldBy>>,
  rows: BoardRow[],
  more: (r: BoardRow) => { lead: string; progress: string },
): NonNullable<RollupData["decisions"]> {
  const byDoc = new Map<string, BoardRow[]>();
  for (const r of rows) {
    const list = byDoc.get(r.task.documentId);
    if (list) list.push(r);
    else byDoc.set(r.task.documentId, [r]);
  }
  return meetings.flatMap((m) =>
    (byDoc.get(m.documentId) ?? []).map((r) => ({
      meeting: `${MEETING_KINDS[m.kind as MeetingKind] ?? m.kind}${m.minutesNumber}`,
      heldOn: shanghaiDate(m.heldOn),
      ref: r.ref,
      heading: r.heading,
      due: r.task.dueDate ? shanghaiDate(r.task.dueDate) : "—",
      status: TASK_STATUS[r.status] ?? r.status,
      light: r.light ? LIGHT_LABEL[r.light] : "—",
      ...more(r),
    })),
  );
}

type AssignmentRow = { taskId: string; role: string; unitId: string; nameAsWritten: string };

/** 「成都海关（四川出入境检验检疫局）」: today's name, and the names as written when they differ. */
export function withWritten(name: string, written: Iterable<string> = []): string {
  const other = [...new Set(written)].filter((w) => w !== name);
  return other.length === 0 ? name : `${name}（${other.join("、")}）`;
}

/**
 * Each task's lead and co-units under today's names (the names as written in parentheses when
 * they differ), and per unit of today the names of its predecessors its lead assignments name.
 */
function unitNames(rows: AssignmentRow[], today: Map<string, { id: string; name: string }>) {
  type Named = Map<string, { name: string; written: string[] }>;
  const leads = new Map<string, Named>();
  const cos = new Map<string, Named>();
  const writtenByUnit = new Map<string, Set<string>>();
  for (const a of rows) {
    const now = today.get(a.unitId) ?? { id: a.unitId, name: a.nameAsWritten };
    const byTask = a.role === "LEAD" ? leads : cos;
    const named: Named = byTask.get(a.taskId) ?? new Map();
    byTask.set(a.taskId, named);
    // A task naming both 成都海关 and 四川出入境检验检疫局 lists 成都海关 once.
    const entry = named.get(now.id) ?? { name: now.name, written: [] };
    entry.written.push(a.nameAsWritten);
    named.set(now.id, entry);
    // A predecessor's name (四川出入境检验检疫局 under 成都海关), not every abbreviation.
    if (a.role !== "LEAD" || a.unitId === now.id) continue;
    const written = writtenByUnit.get(now.id) ?? new Set<string>();
    written.add(a.nameAsWritten);
    writtenByUnit.set(now.id, written);
  }
  const joined = (m: Map<string, Named>) =>
    new Map(
      [...m].map(([task, named]) => [
        task,
        [...named.values()].map((u) => withWritten(u.name, u.written)).join("、"),
      ]),
    );
  return { leadByTask: joined(leads), coByTask: joined(cos), writtenByUnit };
}

export async function writeXlsx(
  data: RollupData,
  file: string,
  charts?: ChartImages | null,
): Promise<void> {
  await writeLedgerXlsx(data, file, charts);
}

/** 历次会议议定事项落实情况: every earlier decision with its status, when there are any. */
export function decisionsPart(data: RollupData): BriefingPart[] {
  const list = data.decisions ?? [];
  if (list.length === 0) return [];
  const done = list.filter((d) => d.light === "—").length;
  const red = list.filter((d) => d.light === "红灯").length;
  return [
    {
      heading: "历次会议议定事项落实情况",
      paragraphs: [
        `历次会议共议定事项 ${list.length} 项：已完成（含销号）${done} 项，红灯 ${red} 项，其余正在推进。`,
      ],
      table: {
        head: ["会议", "议定事项", "牵头单位", "完成时限", "状态", "最新进展"],
        rows: list.map((d) => [
          `${d.meeting}（${d.heldOn}）`,
          `${d.ref}. ${d.heading}`,
          d.lead,
          d.due,
          d.light === "—" ? d.status : `${d.status}（${d.light}）`,
          d.progress || "—",
        ]),
      },
    },
  ];
}

/** 自上次联席会议以来: what changed since the last pack of the same scope. */
export function sincePart(diff: SnapshotDiff | null | undefined): BriefingPart[] {
  if (!diff) return [];
  const rows = [
    ...diff.completed.map((c) => ["完成或销号", c, `${c.from} → ${c.to}`] as const),
    ...diff.newlyOverdue.map((c) => ["新增逾期", c, c.to] as const),
    ...diff.lights.map((c) => ["灯色变化", c, `${c.from} → ${c.to}`] as const),
  ];
  const decided = diff.decisions;
  const open = decided.filter((d) => d.light !== "—").length;
  return [
    {
      heading: "自上次联席会议以来",
      paragraphs: [
        `自上次会议材料（${shanghaiDate(new Date(diff.from))}）以来：完成或销号 ${diff.completed.length} 项，新增逾期 ${diff.newlyOverdue.length} 项，灯色变化 ${diff.lights.length} 项，新提出需协调事项 ${diff.newAgenda.length} 项。`,
        ...(decided.length
          ? [
              `上次会议（${decided[0]!.meeting}）议定事项 ${decided.length} 项，已完成 ${decided.length - open} 项，正在推进 ${open} 项（详见下节）。`,
            ]
          : []),
        ...(rows.length > SINCE_ROWS
          ? [`以下列出前 ${SINCE_ROWS} 项，完整对比见系统「比较」页。`]
          : []),
      ],
      ...(rows.length
        ? {
            table: {
              head: ["变化", "文件", "编号", "措施", "情况"],
              rows: rows
                .slice(0, SINCE_ROWS)
                .map(([kind, c, what]) => [kind, c.document, c.ref, c.heading, what]),
            },
          }
        : {}),
    },
  ];
}

export async function writeDocx(
  data: RollupData,
  file: string,
  charts?: ChartImages | null,
  since?: SnapshotDiff | null,
): Promise<void> {
  await writeBriefingDocx(data, file, {
    measures: briefingMeasures(data),
    charts,
    opening: [...sincePart(since), ...decisionsPart(data)],
  });
}

export type PackFileKind = "LEDGER" | "BRIEFING" | "BULLETIN";
type PackFileRef = { kind: PackFileKind; path: string };

/** The pack's files as built: their sizes and when, one row per kind (rebuilt: replaced). */
async function recordFiles(
  db: PrismaClient,
  reportId: string,
  paths: Record<PackFileKind, string>,
): Promise<PackFileRef[]> {
  const builtAt = new Date();
  const refs = Object.entries(paths).map(([kind, p]) => ({ kind: kind as PackFileKind, path: p }));
  for (const { kind, path: p } of refs) {
    const bytes = statSync(path.join(dataDir(), p)).size;
    await db.packFile.upsert({
      where: { reportId_kind: { reportId, kind } },
      create: { reportId, kind, path: p, bytes, builtAt },
      update: { path: p, bytes, builtAt },
    });
  }
  return refs;
}

/**
 * Sends the finished files to the joint conference's members: the list the supervising unit keeps
 * on /meetings (app/models/conference-member.server.ts); without one, the liaisons of every unit
 * (today's unit) assigned in the report's scope, and the reviewers. Keyed per report and address.
 */
async function emailToMembers(
  db: PrismaClient,
  reportId: string,
  data: RollupData,
  files: PackFileRef[],
): Promise<string[]> {
  const report = await db.rollupReport.findUniqueOrThrow({ where: { id: reportId } });
  const listed = report.supervisorId ? await conferenceRecipients(db, report.supervisorId) : null;
  const people = listed ?? (await scopeRecipients(db, report));
  return sendPack(db, report, people, data, files);
}

/** Without a member list: the liaisons of the units assigned in the scope, and the reviewers. */
async function scopeRecipients(
  db: PrismaClient,
  report: { supervisorId: string | null; documentId: string | null },
): Promise<PackRecipient[]> {
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
  return people.map((p) => ({ email: p.email, userId: p.id }));
}

async function sendPack(
  db: PrismaClient,
  report: { id: string; documentId: string | null },
  people: PackRecipient[],
  data: RollupData,
  files: PackFileRef[],
): Promise<string[]> {
  const reportId = report.id;
  const subject = `【联席会议材料】${data.title}（${data.period}）`;
  const o = data.overview;
  const text = `${data.title}（${data.period}）\n共 ${o.total} 项，完成率 ${o.completionRate}%；红灯 ${o.red}、黄灯 ${o.amber}、绿灯 ${o.green}。\n需协调事项 ${data.agenda.length} 项。详见附件台账（XLSX）、汇报材料与督办通报（DOCX）。`;
  const body = html`<p>
      ${data.title}（${data.period}）：共 ${o.total} 项，完成率 ${o.completionRate}%；红灯
      ${o.red}、黄灯 ${o.amber}、绿灯 ${o.green}。
    </p>
    <p>需协调事项 ${data.agenda.length} 项。详见附件台账（XLSX）、汇报材料与督办通报（DOCX）。</p>`;
  // Named for the document, so that a member's mail folder tells the reports apart.
  const doc = report.documentId
    ? await db.document.findUnique({
        where: { id: report.documentId },
        select: { title: true, slug: true },
      })
    : null;
  const attachments = files.map((f) => ({
    filename: rollupFileName(
      doc,
      data.period,
      path.extname(f.path),
      f.kind === "BULLETIN" ? "督办通报" : "督办汇总",
    ),
    path: f.path,
  }));
  const ids: string[] = [];
  for (const p of people) {
    const { id } = await addToOutbox(db, {
      key: `rollup:${reportId}:${p.userId ?? p.email}`,
      kind: "ROLLUP",
      to: p.email,
      toUserId: p.userId,
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
/**
 * Between the pack's phases, a full collection when the worker allows it (--expose-gc,
 * app/cli/process-env.mjs): each phase leaves a large tree of garbage (the board's rows, ExcelJS's
 * and docx's XML) that V8 would otherwise keep while the next phase grows the heap further.
 */
function releasePhase() {
  (globalThis as { gc?: () => void }).gc?.();
}

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
    const scopeKey = `${report.supervisorId ?? "all"}|${report.documentId ?? "all"}`;
    const snapshot = snapshotOf(data);
    const previous = await db.packSnapshot.findFirst({
      where: { scopeKey, takenAt: { lt: new Date(data.builtAt) }, reportId: { not: reportId } },
      orderBy: { takenAt: "desc" },
    });
    const since = previous ? diffSnapshots(JSON.parse(previous.data) as Snapshot, snapshot) : null;
    const charts = packCharts(data);
    const images = chartImages(charts);
    const base = `rollup-${report.period}-${report.documentId ? "doc" : "all"}-${report.id}`;
    releasePhase();
    await writeXlsx(data, path.join(reportsDir(), `${base}.xlsx`), images);
    await progress(70);
    releasePhase();
    await writeDocx(data, path.join(reportsDir(), `${base}.docx`), images, since);
    await progress(85);
    releasePhase();
    await writeBulletinDocx(data.bulletin!, path.join(reportsDir(), `${base}-bulletin.docx`));
    const files = await recordFiles(db, reportId, {
      LEDGER: `reports/${base}.xlsx`,
      BRIEFING: `reports/${base}.docx`,
      BULLETIN: `reports/${base}-bulletin.docx`,
    });
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
          charts: { completion: charts.completion.svg, lights: charts.lights.svg },
          since: since && { ...since, previousReportId: previous!.reportId },
        }),
        xlsxFile: `reports/${base}.xlsx`,
        docxFile: `reports/${base}.docx`,
        builtAt: new Date(),
      },
    });
    // Frozen once: a rebuilt report keeps what its first build showed.
    if (!(await db.packSnapshot.findUnique({ where: { reportId }, select: { id: true } })))
      await db.packSnapshot.create({
        data: {
          reportId,
          scopeKey,
          takenAt: new Date(data.builtAt),
          data: JSON.stringify(snapshot),
        },
      });
    await onProgress(100);
    const emailIds = report.emailMembers ? await emailToMembers(db, reportId, data, files) : [];
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
