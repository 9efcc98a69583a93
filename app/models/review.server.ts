// The commerce department's review (督办): lights across all tasks, what is overdue, who has not
// reported, what is unassigned; and the reviewer's actions on a task.
import type { PrismaClient } from "../generated/prisma/client";
import { appUrl } from "../config.server";
import { writeTransaction } from "../db/db.server";
import { addToOutbox } from "../email/outbox.server";
import { html, layout } from "../email/html";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import { getCalendar } from "./calendar.server";
import { remadeAssignment } from "./acknowledgement.server";
import { currentPeriod, periodDeadline, type ReportingCalendar } from "./reporting-period";
import {
  reportState,
  rulesKey,
  type Light,
  type ReportState,
  type Standing,
  type StandingRules,
} from "./standing";
import { rulesOf, standingOf, tasksInScope, type TaskScope } from "./standing.server";
import { currentUnits } from "./unit.server";
import { compareUnitNames } from "./unit-order";
import { taskIndex, type IndexedTask, type TaskIndex } from "./task-index.server";

export type PeriodInfo = { period: string; deadline: Date; calendar: ReportingCalendar };

export async function periodInfo(db: PrismaClient, now: Date): Promise<PeriodInfo> {
  const calendar = await getCalendar(db);
  const period = currentPeriod(now);
  return { period, deadline: periodDeadline(period, calendar), calendar };
}

export type ReviewFilter = {
  document?: string;
  /** Any unit responsible (lead or co, its predecessors and collectives included). */
  unit?: string;
  /** A unit of today that leads (joint leads, successors and collectives' members included). */
  lead?: string;
  status?: string;
  light?: Light;
  q?: string;
  /** Past the due date, longest overdue first. */
  overdue?: boolean;
  /** This period's report owed and not filed by the lead. */
  unreported?: boolean;
};

export function parseReviewFilter(params: URLSearchParams): ReviewFilter {
  const light = params.get("light");
  return {
    document: params.get("document") || undefined,
    unit: params.get("unit") || undefined,
    status: params.get("status") || undefined,
    light: light === "RED" || light === "AMBER" || light === "GREEN" ? light : undefined,
    q: params.get("q")?.trim().slice(0, 100) || undefined,
    lead: params.get("lead") || undefined,
    overdue: params.get("overdue") === "1" || undefined,
    unreported: params.get("unreported") === "1" || undefined,
  };
}

/**
 * Task ids whose text or reports contain the query. FTS5 trigram index for 3+ characters;
 * shorter queries (two-character Chinese words are common) fall back to LIKE.
 */
export async function searchTaskIds(db: PrismaClient, q: string): Promise<string[]> {
  if ([...q].length >= 3) {
    const phrase = `"${q.replace(/"/g, '""')}"`;
    const rows = await db.$queryRaw<
      Array<{ taskId: string }>
    >`SELECT DISTINCT "taskId" FROM "TaskSearch" WHERE "TaskSearch" MATCH ${phrase}`;
    return rows.map((r) => r.taskId);
  }
  const [tasks, reports] = await Promise.all([
    db.task.findMany({
      where: { OR: [{ text: { contains: q } }, { heading: { contains: q } }] },
      select: { id: true },
    }),
    db.progressReport.findMany({
      where: {
        OR: [
          { progress: { contains: q } },
          { problems: { contains: q } },
          { nextSteps: { contains: q } },
          { coordination: { contains: q } },
        ],
      },
      select: { taskId: true },
      distinct: ["taskId"],
    }),
  ]);
  return [...new Set([...tasks.map((t) => t.id), ...reports.map((r) => r.taskId)])];
}

export type BoardRow = {
  id: string;
  ref: string;
  heading: string;
  status: string;
  dueDate: Date | null;
  document: { slug: string; title: string };
  jurisdictionId: string;
  /** The task's standing (app/models/standing.ts): light, reason, days overdue, period reports. */
  standing: Standing;
  light: Light | null;
  daysOverdue: number;
  report: ReportState;
  lastReportAt: Date | null;
  /** The primary lead as today's unit, for the table's 牵头单位 column. */
  leadUnit: { id: string; name: string } | null;
  /** Every unit of today that leads the task (joint leads, collectives' members): whose figures it is in. */
  leadUnits: string[];
  task: IndexedTask;
};

// Every task's board row at one moment (period, deadline, minute: lights move with the clock).
// A row depends on its indexed task object and the clock alone — a change to the task replaces
// the object — so after a write only the changed tasks' rows are made again; the whole board is
// remade once a minute. (At province scale, remaking all 20,000 rows after every report filed
// kept a server busy for a fifth of a second per report.)
type BoardClock = { key: string; now: Date; rows: WeakMap<IndexedTask, BoardRow> };
const boardClocks = new WeakMap<TaskIndex, BoardClock>();
const allRowsCache = new WeakMap<
  TaskIndex,
  Map<string, { version: number; clock: string; rows: BoardRow[] }>
>();

function boardRow(index: TaskIndex, t: IndexedTask, now: Date, rules: StandingRules): BoardRow {
  let lead: IndexedTask["assignments"][number] | null = null;
  for (const a of t.assignments)
    if (a.role === "LEAD") {
      lead = a;
      break;
    }
  const standing = standingOf(index, t, now, rules);
  return {
    id: t.id,
    ref: t.ref,
    heading: t.heading,
    status: t.status,
    // The due date in force: moved by approved extensions (standing.ts effectiveDueDate).
    dueDate: standing.dueDate,
    document: t.document,
    jurisdictionId: t.jurisdictionId,
    standing,
    light: standing.light,
    daysOverdue: standing.daysOverdue,
    report: reportState(standing),
    lastReportAt: t.lastReportAt,
    leadUnit: lead
      ? (index.currentUnit(lead.unitId) ?? { id: lead.unitId, name: lead.nameAsWritten })
      : null,
    leadUnits: index.unitsOf(t).leads,
    task: t,
  };
}

function allBoardRows(
  index: TaskIndex,
  scope: TaskScope,
  info: PeriodInfo,
  rules: StandingRules,
  now: Date,
): BoardRow[] {
  const clockKey = `${info.period}|${info.deadline.getTime()}|${Math.floor(now.getTime() / 60_000)}|${rulesKey(rules)}`;
  const scopeKey = JSON.stringify(scope);
  let byScope = allRowsCache.get(index);
  if (!byScope) allRowsCache.set(index, (byScope = new Map()));
  const hit = byScope.get(scopeKey);
  if (hit && hit.version === index.version && hit.clock === clockKey) return hit.rows;
  let clock = boardClocks.get(index);
  // One moment per minute for every row, so that rows made at different requests agree.
  if (!clock || clock.key !== clockKey)
    boardClocks.set(index, (clock = { key: clockKey, now, rows: new WeakMap() }));
  const cache = clock.rows;
  const at = clock.now;
  const rows = tasksInScope(index, scope).map((t) => {
    let row = cache.get(t);
    if (!row) cache.set(t, (row = boardRow(index, t, at, rules)));
    return row;
  });
  if (byScope.size >= 32) byScope.clear();
  byScope.set(scopeKey, { version: index.version, clock: clockKey, rows });
  return rows;
}

/**
 * Every task in the scope with its standing and review facts, filtered, in document and measure
 * order. Read from the process's task index (kept current from the change log), so a province's
 * 20,000 tasks cost a loop, not a query; full-text search still asks SQLite's FTS index.
 */
export async function reviewBoard(
  db: PrismaClient,
  filter: ReviewFilter,
  scope: TaskScope,
  now = new Date(),
) {
  const info = await periodInfo(db, now);
  const rules = rulesOf(db);
  const index = taskIndex(db);
  const searchIds = filter.q ? new Set(await searchTaskIds(db, filter.q)) : null;
  const unitTaskIds = filter.unit
    ? new Set(index.tasksOfUnits(index.responsibleUnitIds(filter.unit)).map((t) => t.id))
    : null;
  const base = allBoardRows(index, scope, info, rules, now);
  let rows = base;
  if (
    filter.document ||
    filter.status ||
    unitTaskIds ||
    searchIds ||
    filter.lead ||
    filter.overdue ||
    filter.unreported
  ) {
    rows = rows.filter((r) => {
      if (filter.document && r.document.slug !== filter.document) return false;
      if (filter.status && r.status !== filter.status) return false;
      if (filter.lead && !r.leadUnits.includes(filter.lead)) return false;
      if (filter.overdue && r.daysOverdue <= 0) return false;
      if (filter.unreported && r.report !== "MISSING") return false;
      if (searchIds && !searchIds.has(r.id)) return false;
      if (unitTaskIds && !unitTaskIds.has(r.id)) return false;
      return true;
    });
    if (filter.overdue) rows.sort((a, b) => b.daysOverdue - a.daysOverdue);
  }
  return {
    info,
    rules,
    now,
    rows: filter.light ? rows.filter((r) => r.light === filter.light) : rows,
    all: rows,
    base,
  };
}

// What the review page derives from a board (counts, overdue by unit, missing reports) is kept
// per filter and scope for as long as the board rows it came from.
const overviewCache = new Map<
  string,
  { base: BoardRow[]; value: Awaited<ReturnType<typeof computeOverview>> }
>();
const OVERVIEW_CACHE_SIZE = 64;

/** The reviewer's landing page: counts, overdue by lead unit, missing reports, unassigned. */
export async function reviewOverview(
  db: PrismaClient,
  filter: ReviewFilter,
  scope: TaskScope,
  now = new Date(),
) {
  const board = await reviewBoard(db, filter, scope, now);
  const key = JSON.stringify([filter, scope]);
  const hit = overviewCache.get(key);
  // The same base rows (same index version, period, deadline and minute) give the same overview.
  if (hit && hit.base === board.base) return hit.value;
  const value = computeOverview(taskIndex(db), board);
  if (overviewCache.size >= OVERVIEW_CACHE_SIZE)
    overviewCache.delete(overviewCache.keys().next().value!);
  overviewCache.set(key, { base: board.base, value });
  return value;
}

function computeOverview(index: TaskIndex, board: Awaited<ReturnType<typeof reviewBoard>>) {
  // One pass over the board (a province's 20,000 rows): it runs again after every report filed.
  const rows = board.rows;
  const counts = { RED: 0, AMBER: 0, GREEN: 0, NONE: 0 };
  type Group = { unit: { id: string; name: string }; tasks: BoardRow[]; worst: BoardRow };
  const overdueByUnit = new Map<string, Group>();
  const missing = new Map<string, { unit: { id: string; name: string }; count: number }>();
  const unassigned: BoardRow[] = [];
  const unitRef = (id: string) => ({ id, name: index.unit(id)?.name ?? id });
  for (const r of rows) {
    counts[r.light ?? "NONE"]++;
    if (!r.leadUnit) {
      if (r.status !== "CLOSED") unassigned.push(r);
      continue;
    }
    // Per lead unit as every per-unit figure counts it: each unit that leads the task.
    for (const u of r.leadUnits) {
      if (r.daysOverdue > 0) {
        const group = overdueByUnit.get(u);
        if (!group) overdueByUnit.set(u, { unit: unitRef(u), tasks: [r], worst: r });
        else {
          group.tasks.push(r);
          if (r.daysOverdue > group.worst.daysOverdue) group.worst = r;
        }
      }
      if (r.report === "MISSING") {
        const m = missing.get(u);
        if (m) m.count++;
        else missing.set(u, { unit: unitRef(u), count: 1 });
      }
    }
  }
  const byCount =
    <T extends { unit: { name: string } }>(n: (x: T) => number) =>
    (a: T, b: T) =>
      n(b) - n(a) || compareUnitNames(a.unit.name, b.unit.name);
  return {
    ...board,
    counts,
    /** Per lead unit, most overdue tasks first: the unit's overdue tasks (in board order) and the longest overdue. */
    overdue: [...overdueByUnit.values()].sort(byCount((g) => g.tasks.length)),
    missedReports: [...missing.values()].sort(byCount((m) => m.count)),
    deadlinePassed: board.now.getTime() > board.info.deadline.getTime(),
    unassigned,
  };
}

// ---------------------------------------------------------------------------------------------
// Reviewer actions. Each writes an AuditEvent: the task's timeline.

async function audit(
  db: Pick<PrismaClient, "auditEvent">,
  taskId: string,
  actorId: string,
  type: string,
  payload: Record<string, unknown>,
) {
  await db.auditEvent.create({ data: { taskId, actorId, type, payload: JSON.stringify(payload) } });
}

export async function assignUnit(
  db: PrismaClient,
  taskId: string,
  unitId: string,
  role: "LEAD" | "CO",
  actorId: string,
) {
  await writeTransaction(db, async (tx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: unitId } });
    const existing = await tx.assignment.findUnique({
      where: { taskId_unitId: { taskId, unitId } },
    });
    const last = await tx.assignment.findFirst({
      where: { taskId, role, removedAt: null },
      orderBy: { position: "desc" },
    });
    const position =
      existing && !existing.removedAt && existing.role === role
        ? existing.position
        : (last?.position ?? -1) + 1;
    if (existing) {
      // Removed and assigned again, or given another role: a new assignment to acknowledge.
      if (existing.removedAt !== null || existing.role !== role)
        await remadeAssignment(tx, existing.id);
      await tx.assignment.update({
        where: { id: existing.id },
        data: {
          role,
          position,
          source: "MANUAL",
          removedAt: null,
          removedById: null,
          createdById: actorId,
        },
      });
    } else {
      await tx.assignment.create({
        data: {
          taskId,
          unitId,
          role,
          position,
          nameAsWritten: unit.name,
          source: "MANUAL",
          createdById: actorId,
        },
      });
    }
    await audit(tx, taskId, actorId, "assignment.set", {
      unit: unit.name,
      role,
      previousRole: existing && !existing.removedAt ? existing.role : null,
    });
  });
}

export async function removeAssignment(
  db: PrismaClient,
  taskId: string,
  assignmentId: string,
  actorId: string,
) {
  await writeTransaction(db, async (tx) => {
    const a = await tx.assignment.findFirstOrThrow({
      where: { id: assignmentId, taskId },
      include: { unit: true },
    });
    if (a.removedAt) return;
    await tx.assignment.update({
      where: { id: a.id },
      data: { removedAt: new Date(), removedById: actorId },
    });
    await audit(tx, taskId, actorId, "assignment.removed", { unit: a.nameAsWritten, role: a.role });
  });
}

export async function setDueDate(
  db: PrismaClient,
  taskId: string,
  ymd: string | null,
  actorId: string,
) {
  await writeTransaction(db, async (tx) => {
    const before = await tx.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { dueDate: true },
    });
    await tx.task.update({
      where: { id: taskId },
      data: {
        dueDate: ymd ? endOfDayShanghai(ymd) : null,
        dueDateSource: "MANUAL",
        dueDateText: null,
      },
    });
    // The timeline names the old date as well as the new one.
    await audit(tx, taskId, actorId, "task.due_date_set", {
      dueDate: ymd,
      previous: before.dueDate ? shanghaiDate(before.dueDate) : null,
    });
  });
}

export async function closeOut(db: PrismaClient, taskId: string, note: string, actorId: string) {
  await writeTransaction(db, async (tx) => {
    await tx.task.update({
      where: { id: taskId },
      data: { status: "CLOSED", closedAt: new Date() },
    });
    await audit(tx, taskId, actorId, "task.closed", { note });
  });
}

/** Back to the status of the lead's latest report (or not started). */
export async function reopen(db: PrismaClient, taskId: string, note: string, actorId: string) {
  await writeTransaction(db, async (tx) => {
    const latest = await tx.progressReport.findFirst({
      where: { taskId, consolidated: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    await tx.task.update({
      where: { id: taskId },
      data: { status: latest?.status ?? "NOT_STARTED", closedAt: null },
    });
    await audit(tx, taskId, actorId, "task.reopened", { note });
  });
}

/**
 * 催办: recorded on the timeline and, in the same transaction, an email to every liaison of the
 * task's units (today's units; a collective's member units) written to the outbox. Returns the
 * email ids for the caller to hand to the worker.
 */
export async function urge(
  db: PrismaClient,
  taskId: string,
  message: string,
  actorId: string,
): Promise<string[]> {
  const task = await db.task.findUniqueOrThrow({
    where: { id: taskId },
    select: {
      ref: true,
      heading: true,
      document: { select: { title: true } },
      assignments: { where: { removedAt: null }, select: { unitId: true, nameAsWritten: true } },
    },
  });
  const today = await currentUnits(db);
  const unitIds = new Set(task.assignments.map((a) => today.get(a.unitId)?.id ?? a.unitId));
  const members = await db.unitMembership.findMany({
    where: { collectiveId: { in: [...unitIds] } },
    select: { memberId: true },
  });
  members.forEach((m) => unitIds.add(m.memberId));
  const recipients = await db.user.findMany({
    where: { role: "LIAISON", active: true, unitId: { in: [...unitIds] } },
    select: { id: true, email: true, unit: { select: { name: true } } },
  });
  const actor = await db.user.findUniqueOrThrow({ where: { id: actorId }, select: { name: true } });
  const link = `${appBaseUrl()}/tasks/${taskId}/report`;
  return writeTransaction(db, async (tx) => {
    const event = await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "task.urged",
        payload: JSON.stringify({
          message,
          units: task.assignments.map((a) => a.nameAsWritten),
          recipients: recipients.length,
        }),
      },
    });
    const ids: string[] = [];
    for (const r of recipients) {
      const subject = `【催办】${task.document.title} ${task.ref} ${task.heading}`;
      const text = `${r.unit?.name ?? ""}联络员您好：\n\n督办部门（${actor.name}）对以下任务进行催办：\n${task.document.title} ${task.ref} ${task.heading}\n\n催办内容：${message}\n\n请尽快报送进展：${link}`;
      const body = html`<p>
          ${r.unit?.name ?? ""}联络员您好：督办部门（${actor.name}）对以下任务进行催办。
        </p>
        <p><strong>${task.document.title} ${task.ref} ${task.heading}</strong></p>
        <blockquote>${message}</blockquote>
        <p><a href="${link}">报送进展</a></p>`;
      const { id } = await addToOutbox(tx, {
        key: `urge:${event.id}:${r.id}`,
        kind: "URGE",
        to: r.email,
        toUserId: r.id,
        subject,
        text,
        html: layout(subject, body, "此邮件由督办系统发送。"),
      });
      ids.push(id);
    }
    return ids;
  });
}

// One base URL for every process (app/config.server.ts).
export const appBaseUrl = appUrl;
