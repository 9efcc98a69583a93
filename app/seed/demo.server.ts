// `npm run db:seed -- --demo`: demo accounts with known passwords (a reviewer for each supervising
// unit, a liaison per unit) and a few months of progress history up to the day it is seeded —
// never after it — so that a newcomer sees a living dashboard; a later start fills in the months
// since. Everything it makes is marked: accounts have isDemo, report texts start with 【演示数据】,
// and every page shows a banner while demo accounts exist. Deterministic for a given date;
// running it twice on the same day adds nothing.
import { addWorkingDays } from "../calendar/working-days";
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { hashPassword } from "../auth/password.server";
import { currentPeriod, previousPeriod } from "../models/reporting-period";
import { responsibleUnitIds } from "../models/unit.server";
import { seedDemoCycle } from "./demo-cycle.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import { ensureDemoLeader, tasksAwaitingAnswer } from "./demo-leader.server";
import { seedDemoMeeting } from "./demo-meeting.server";

export const DEMO_PASSWORD = "duban-demo-2026";
export const DEMO_REVIEWER_EMAIL = "reviewer@demo.duban.invalid";
export const DEMO_REVIEWER_TJ_EMAIL = "reviewer-tj@demo.duban.invalid";
export const DEMO_LABEL = "【演示数据】";

/** A small deterministic generator so the demo looks the same on every machine. */
function rng(seed: string) {
  let h = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;

const PROBLEMS = [
  "部分市（州）配套政策尚未出台，项目推进进度不均衡。",
  "企业融资成本偏高，政策性金融工具覆盖面仍需扩大。",
  "跨部门数据共享机制尚未建立，统计口径不一致。",
  "受国际市场需求波动影响，部分重点企业订单下滑。",
  "专业人才不足，基层承接能力有待提升。",
];
const NEXT = [
  "下月召开专题推进会，逐项梳理任务清单并明确时间节点。",
  "会同配合单位开展实地调研，形成问题清单和解决方案。",
  "加快配套政策起草，力争下季度报省政府审定。",
  "组织重点企业座谈，跟踪政策兑现情况。",
];
const COORDINATION = [
  "需联席会议协调海关、税务等部门建立数据共享机制。",
  "请联席会议办公室协调财政资金支持公共服务平台建设。",
  "需协调各市（州）统一统计口径，按月报送进展数据。",
];

export type DemoSummary = { created: boolean; users: number; reports: number };

/** A demo reviewer per supervising unit: 商务厅 supervises 四川省, 市商务局 天津市. */
export const DEMO_REVIEWERS = [
  { email: DEMO_REVIEWER_EMAIL, unit: "商务厅", jurisdiction: "SC" },
  { email: DEMO_REVIEWER_TJ_EMAIL, unit: "市商务局", jurisdiction: "TJ" },
] as const;

/** Months of history a new demo gets before the current one. */
const HISTORY_MONTHS = 3;

/**
 * Creates the demo (once) with history up to `now` and never after it; on later runs, adds what
 * is missing: a reviewer added since, and reports for the months since the last demo report (so
 * that a demo started again after a month still looks alive).
 */
export async function seedDemo(db: PrismaClient, now = new Date()): Promise<DemoSummary> {
  const existing = await db.user.findUnique({ where: { email: DEMO_REVIEWER_EMAIL } });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const reviewers = await ensureReviewers(db, passwordHash);
  if (existing) {
    const reports = (await fillDemoHistory(db, now)) + (await demoMeeting(db, reviewers, now));
    // A leader (分管领导) added since: made with its instructions on the history there is.
    const leader = await ensureDemoLeader(db, passwordHash, now);
    return { created: false, users: reviewers.created + (leader ? 1 : 0), reports };
  }

  // One liaison per unit that exists today and answers for at least one task.
  const units = await db.unit.findMany({
    where: { successorId: null, recognized: true, kind: { not: "COLLECTIVE" } },
    orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
    include: { jurisdiction: { select: { code: true } } },
  });
  let n = 0;
  for (const unit of units) {
    const ids = await responsibleUnitIds(db, unit.id);
    if ((await db.assignment.count({ where: { unitId: { in: ids }, removedAt: null } })) === 0)
      continue;
    n++;
    await db.user.create({
      data: {
        email: `liaison-${unit.jurisdiction.code.toLowerCase()}-${String(n).padStart(2, "0")}@demo.duban.invalid`,
        name: `演示·${unit.name}联络员`,
        role: "LIAISON",
        unitId: unit.id,
        passwordHash,
        isDemo: true,
      },
    });
  }

  const period = currentPeriod(now);
  let first = period;
  for (let i = 0; i < HISTORY_MONTHS; i++) first = previousPeriod(first);
  const tasks = await demoTasks(db);
  // The leads have been responsible since the history began: the reports of those months were owed.
  const since = new Date(`${first}-01T00:00:00+08:00`);
  await db.assignment.updateMany({
    where: { taskId: { in: tasks.map((t) => t.id) }, removedAt: null, createdAt: { gt: since } },
    data: { createdAt: since },
  });
  const ctx = await demoContext(db);
  let reports = 0;
  for (const task of tasks) {
    const r = rng(`${task.document.slug}/${task.jurisdictionId}/${task.ref}`);
    const expired = task.dueDate !== null && task.dueDate < now;
    // Old measures (due 2020) mostly finished; current ones progress, some stall.
    const finalStatus = expired
      ? r() < 0.75
        ? "COMPLETED"
        : "IN_PROGRESS"
      : r() < 0.15
        ? "BLOCKED"
        : "IN_PROGRESS";
    const written = await writeHistory(db, ctx, task, r, periodsFrom(first, period), now, {
      finalStatus,
      percent: Math.floor(r() * 20) + 5,
    });
    reports += written;
    if (written > 0 && finalStatus === "COMPLETED" && r() < 0.5) {
      await db.task.update({ where: { id: task.id }, data: { status: "CLOSED", closedAt: now } });
      await db.auditEvent.create({
        data: {
          taskId: task.id,
          actorId: reviewers.byJurisdiction.get(task.jurisdictionId) ?? null,
          type: "task.closed",
          payload: JSON.stringify({ note: `${DEMO_LABEL}经审核已办结，予以销号。` }),
          createdAt: now,
        },
      });
    }
  }
  await demoNewAssignments(db, tasks, now);
  reports += await demoMeeting(db, reviewers, now);
  await seedDemoCycle(db, reviewers.byJurisdiction, now);
  const leader = await ensureDemoLeader(db, passwordHash, now);
  return {
    created: true,
    users: ctx.liaisonOf.size + reviewers.total + (leader ? 1 : 0),
    reports,
  };
}

/**
 * The demo's 联席会议 (app/seed/demo-meeting.server.ts) and its decisions' reports since, written
 * like every demo report. Returns how many reports it wrote (none once the meeting exists).
 */
async function demoMeeting(
  db: PrismaClient,
  reviewers: { byJurisdiction: Map<string, string> },
  now: Date,
): Promise<number> {
  const sichuan = await db.jurisdiction.findUnique({ where: { code: "SC" }, select: { id: true } });
  const actor = sichuan ? (reviewers.byJurisdiction.get(sichuan.id) ?? null) : null;
  const meeting = await seedDemoMeeting(db, actor, now);
  if (!meeting) return 0;
  const ctx = await demoContext(db);
  // From the meeting's month, or the next one when the meeting came after the 14th (the demo's
  // reports are dated from the 15th).
  let first = meeting.heldOn.slice(0, 7);
  if (Number(meeting.heldOn.slice(8)) > 14) first = nextPeriod(first);
  const periods = periodsFrom(first, currentPeriod(now));
  const decided = (await demoTasks(db)).filter((t) => meeting.taskIds.includes(t.id));
  let reports = 0;
  for (const task of decided) {
    const r = rng(`meeting/${meeting.heldOn}/${task.ref}`);
    const plan = { finalStatus: "IN_PROGRESS", percent: 10 };
    reports += await writeHistory(db, ctx, task, r, periods, now, plan);
  }
  return reports;
}

/**
 * Two co-unit assignments the demo makes new, waiting for 签收: one made yesterday (a working day
 * before), one six working days ago (领办逾期). Every other assignment is the seeded baseline.
 */
async function demoNewAssignments(db: PrismaClient, tasks: Array<{ id: string }>, now: Date) {
  const co = await db.assignment.findMany({
    where: {
      taskId: { in: tasks.map((t) => t.id) },
      role: "CO",
      removedAt: null,
      task: { status: { in: ["IN_PROGRESS", "BLOCKED"] } },
    },
    orderBy: [{ taskId: "asc" }, { position: "asc" }],
    take: 2,
  });
  for (const [i, a] of co.entries()) {
    const day = addWorkingDays(now, i === 0 ? -1 : -6);
    const at = new Date(`${day}T10:00:00+08:00`);
    await db.acknowledgement.deleteMany({ where: { assignmentId: a.id } });
    await db.assignment.update({ where: { id: a.id }, data: { createdAt: at } });
  }
}

/**
 * Reports for the periods since each demo task's last demo report, up to `now` (never after it):
 * a demo left for weeks is brought up to date on the next start. Tasks closed or completed since,
 * and periods someone really reported on, are left alone. Returns how many reports it wrote.
 */
export async function fillDemoHistory(db: PrismaClient, now = new Date()): Promise<number> {
  const ctx = await demoContext(db);
  if (ctx.liaisonOf.size === 0) return 0;
  const period = currentPeriod(now);
  let reports = 0;
  // A lead report must answer an open 领导批示; the demo does not write answers in their name.
  const awaiting = await tasksAwaitingAnswer(db);
  for (const task of await demoTasks(db)) {
    if (task.status === "COMPLETED" || task.status === "CLOSED") continue;
    if (awaiting.has(task.id)) continue;
    const last = await db.progressReport.findFirst({
      where: { taskId: task.id, consolidated: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { period: true, percent: true, status: true, author: { select: { isDemo: true } } },
    });
    // Only tasks the demo wrote history for, and only after its last report.
    if (!last?.author.isDemo || last.period >= period) continue;
    const periods = periodsFrom(nextPeriod(last.period), period);
    const r = rng(`${task.document.slug}/${task.jurisdictionId}/${task.ref}/${periods[0]}`);
    reports += await writeHistory(db, ctx, task, r, periods, now, {
      finalStatus: last.status === "BLOCKED" && r() < 0.5 ? "BLOCKED" : "IN_PROGRESS",
      percent: last.percent,
    });
  }
  return reports;
}

async function ensureReviewers(db: PrismaClient, passwordHash: string) {
  const byJurisdiction = new Map<string, string>();
  let created = 0;
  for (const d of DEMO_REVIEWERS) {
    const unit = await db.unit.findFirst({
      where: { name: d.unit, jurisdiction: { code: d.jurisdiction } },
      select: { id: true, jurisdictionId: true },
    });
    if (!unit) continue;
    let user = await db.user.findUnique({ where: { email: d.email } });
    if (!user) {
      user = await db.user.create({
        data: {
          email: d.email,
          name: `演示·${d.unit}督办员`,
          role: "REVIEWER",
          unitId: unit.id,
          passwordHash,
          isDemo: true,
        },
      });
      created++;
    }
    byJurisdiction.set(unit.jurisdictionId, user.id);
  }
  return { byJurisdiction, created, total: byJurisdiction.size };
}

/** Tasks with a lead, in a stable order: those the demo reports on. */
function demoTasks(db: PrismaClient) {
  return db.task.findMany({
    where: { assignments: { some: { role: "LEAD", removedAt: null } } },
    include: {
      document: true,
      assignments: { where: { removedAt: null }, orderBy: [{ role: "desc" }, { position: "asc" }] },
    },
    orderBy: [{ documentId: "asc" }, { jurisdictionId: "asc" }, { position: "asc" }],
  });
}

type DemoTask = Awaited<ReturnType<typeof demoTasks>>[number];
type DemoContext = Awaited<ReturnType<typeof demoContext>>;

async function demoContext(db: PrismaClient) {
  const liaisons = await db.user.findMany({
    where: { isDemo: true, role: "LIAISON", unitId: { not: null } },
    select: { id: true, unitId: true },
  });
  const liaisonOf = new Map(liaisons.map((l) => [l.unitId!, l.id]));
  // Today's unit for each assigned unit, so reports come from the unit that exists now.
  const allUnits = await db.unit.findMany({ select: { id: true, successorId: true } });
  const successor = new Map(allUnits.map((u) => [u.id, u.successorId]));
  const today = (id: string) => {
    let cur = id;
    for (let i = 0; i < 10 && successor.get(cur); i++) cur = successor.get(cur)!;
    return cur;
  };
  return { liaisonOf, today };
}

/** The periods from `from` to `to`, both included (YYYY-MM). */
function periodsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

function nextPeriod(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/**
 * A task's reports for `periods`: the lead's consolidated one and some co-units' parts, each on a
 * day of its month that has passed at `now` (on the first of a month, none for that month yet).
 */
async function writeHistory(
  db: PrismaClient,
  ctx: DemoContext,
  task: DemoTask,
  r: () => number,
  periods: string[],
  now: Date,
  plan: { finalStatus: string; percent: number },
): Promise<number> {
  const lead = task.assignments.find((a) => a.role === "LEAD")!;
  const leadUnit = ctx.today(lead.unitId);
  const leadAuthor = ctx.liaisonOf.get(leadUnit);
  if (!leadAuthor) return 0;
  const cos = task.assignments
    .filter((a) => a.role === "CO")
    .map((a) => ctx.today(a.unitId))
    .filter((id) => ctx.liaisonOf.has(id));
  const current = currentPeriod(now);
  const today = shanghaiDate(now);
  let percent = plan.percent;
  let reports = 0;
  let status: string | null = null;
  for (const [i, p] of periods.entries()) {
    const isLast = i === periods.length - 1;
    // About a third of the units have not reported yet for the current period (decided per task
    // and period, so that a second run on a later day of the month decides the same).
    if (
      p === current &&
      rng(`${task.document.slug}/${task.jurisdictionId}/${task.ref}/${p}`)() < 0.35
    )
      break;
    // A day of the month before `now`: the 22nd (co-units 15th–19th), or earlier this month.
    const at = (day: number) => {
      const d = p === current ? Math.min(day, Number(today.slice(8)) - 1) : day;
      return d < 1
        ? null
        : new Date(
            endOfDayShanghai(`${p}-${String(d).padStart(2, "0")}`).getTime() - 10 * 3600_000,
          );
    };
    const leadAt = at(22);
    if (!leadAt || leadAt.getTime() >= now.getTime()) break;
    // Someone really reported for this period: the demo does not speak for them.
    if (
      await db.progressReport.count({
        where: { taskId: task.id, period: p, author: { isDemo: false } },
      })
    )
      continue;
    percent = Math.min(95, percent + Math.floor(r() * 20) + 5);
    status = isLast ? plan.finalStatus : i === 0 && r() < 0.1 ? "NOT_STARTED" : "IN_PROGRESS";
    const pct = status === "COMPLETED" ? 100 : status === "NOT_STARTED" ? 0 : percent;
    for (const [k, co] of cos.entries()) {
      if (r() < 0.5) continue;
      const coAt = at(15 + (k % 5));
      if (!coAt || coAt.getTime() >= now.getTime()) continue;
      await createReport(db, {
        taskId: task.id,
        unitId: co,
        authorId: ctx.liaisonOf.get(co)!,
        period: p,
        status: "IN_PROGRESS",
        percent: pct,
        consolidated: false,
        r,
        createdAt: coAt,
        heading: task.heading,
      });
      reports++;
    }
    await createReport(db, {
      taskId: task.id,
      unitId: leadUnit,
      authorId: leadAuthor,
      period: p,
      status,
      percent: pct,
      consolidated: true,
      r,
      createdAt: leadAt,
      heading: task.heading,
    });
    reports++;
  }
  // The lead's latest report sets the task's status, as a real report does.
  if (status) await db.task.update({ where: { id: task.id }, data: { status } });
  return reports;
}

async function createReport(
  db: PrismaClient,
  a: {
    taskId: string;
    unitId: string;
    authorId: string;
    period: string;
    status: string;
    percent: number;
    consolidated: boolean;
    r: () => number;
    createdAt: Date;
    heading: string;
  },
) {
  const blocked = a.status === "BLOCKED";
  const report = await db.progressReport.create({
    data: {
      taskId: a.taskId,
      unitId: a.unitId,
      authorId: a.authorId,
      period: a.period,
      status: a.status,
      percent: a.percent,
      progress: `${DEMO_LABEL}${a.consolidated ? "牵头" : "配合"}推进“${a.heading}”，${a.status === "COMPLETED" ? "各项任务已全部完成。" : `完成阶段目标约${a.percent}%。`}`,
      problems: blocked || a.r() < 0.3 ? `${DEMO_LABEL}${pick(a.r, PROBLEMS)}` : "",
      nextSteps: a.status === "COMPLETED" ? "" : `${DEMO_LABEL}${pick(a.r, NEXT)}`,
      coordination: blocked || a.r() < 0.1 ? `${DEMO_LABEL}${pick(a.r, COORDINATION)}` : "",
      consolidated: a.consolidated,
      createdAt: a.createdAt,
    },
  });
  await db.auditEvent.create({
    data: {
      taskId: a.taskId,
      actorId: a.authorId,
      type: a.consolidated ? "report.consolidated" : "report.filed",
      payload: JSON.stringify({
        reportId: report.id,
        period: a.period,
        status: a.status,
        percent: a.percent,
      }),
      createdAt: a.createdAt,
    },
  });
}
