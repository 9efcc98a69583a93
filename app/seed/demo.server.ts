// `npm run db:seed -- --demo`: demo accounts with known passwords and a few months of progress
// history, so that a newcomer sees a living dashboard. Everything it makes is marked: accounts
// have isDemo, report texts start with 【演示数据】, and every page shows a banner while demo
// accounts exist. Deterministic for a given date; running it twice adds nothing.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { hashPassword } from "../auth/password.server";
import { currentPeriod, previousPeriod } from "../models/reporting-period";
import { responsibleUnitIds } from "../models/unit.server";
import { endOfDayShanghai } from "../utils/time";

export const DEMO_PASSWORD = "duban-demo-2026";
export const DEMO_REVIEWER_EMAIL = "reviewer@demo.duban.invalid";
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

export async function seedDemo(db: PrismaClient, now = new Date()): Promise<DemoSummary> {
  if (await db.user.findUnique({ where: { email: DEMO_REVIEWER_EMAIL } }))
    return { created: false, users: 0, reports: 0 };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const commerce = await db.unit.findFirstOrThrow({
    where: { name: "商务厅", jurisdiction: { code: "SC" } },
  });
  const reviewer = await db.user.create({
    data: {
      email: DEMO_REVIEWER_EMAIL,
      name: "演示·商务厅督办员",
      role: "REVIEWER",
      unitId: commerce.id,
      passwordHash,
      isDemo: true,
    },
  });

  // One liaison per unit that exists today and answers for at least one task.
  const units = await db.unit.findMany({
    where: { successorId: null, recognized: true, kind: { not: "COLLECTIVE" } },
    orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
    include: { jurisdiction: { select: { code: true } } },
  });
  const liaisonOf = new Map<string, string>(); // unitId → userId
  let n = 0;
  for (const unit of units) {
    const ids = await responsibleUnitIds(db, unit.id);
    if ((await db.assignment.count({ where: { unitId: { in: ids }, removedAt: null } })) === 0)
      continue;
    n++;
    const user = await db.user.create({
      data: {
        email: `liaison-${unit.jurisdiction.code.toLowerCase()}-${String(n).padStart(2, "0")}@demo.duban.invalid`,
        name: `演示·${unit.name}联络员`,
        role: "LIAISON",
        unitId: unit.id,
        passwordHash,
        isDemo: true,
      },
    });
    liaisonOf.set(unit.id, user.id);
  }

  // Today's unit for each assigned unit, so reports come from the unit that exists now.
  const allUnits = await db.unit.findMany({ select: { id: true, successorId: true } });
  const successor = new Map(allUnits.map((u) => [u.id, u.successorId]));
  const today = (id: string) => {
    let cur = id;
    for (let i = 0; i < 10 && successor.get(cur); i++) cur = successor.get(cur)!;
    return cur;
  };

  const period = currentPeriod(now);
  const periods = [
    previousPeriod(previousPeriod(previousPeriod(period))),
    previousPeriod(previousPeriod(period)),
    previousPeriod(period),
    period,
  ];
  const tasks = await db.task.findMany({
    where: { assignments: { some: { role: "LEAD", removedAt: null } } },
    include: {
      document: true,
      assignments: { where: { removedAt: null }, orderBy: [{ role: "desc" }, { position: "asc" }] },
    },
    orderBy: [{ documentId: "asc" }, { position: "asc" }],
  });

  let reports = 0;
  for (const task of tasks) {
    const r = rng(`${task.document.slug}/${task.ref}`);
    const lead = task.assignments.find((a) => a.role === "LEAD")!;
    const leadUnit = today(lead.unitId);
    const leadAuthor = liaisonOf.get(leadUnit);
    if (!leadAuthor) continue;
    const cos = task.assignments
      .filter((a) => a.role === "CO")
      .map((a) => today(a.unitId))
      .filter((id) => liaisonOf.has(id));
    const expired = task.dueDate !== null && task.dueDate < now;
    // Old measures (due 2020) mostly finished; current ones progress, some stall.
    const finalStatus = expired
      ? r() < 0.75
        ? "COMPLETED"
        : "IN_PROGRESS"
      : r() < 0.15
        ? "BLOCKED"
        : "IN_PROGRESS";
    let percent = Math.floor(r() * 20) + 5;
    for (const [i, p] of periods.entries()) {
      const isLast = i === periods.length - 1;
      // About a third of the units have not reported yet for the current period.
      if (isLast && r() < 0.35) break;
      percent = Math.min(95, percent + Math.floor(r() * 20) + 5);
      const status = isLast
        ? finalStatus
        : p === periods[0] && r() < 0.1
          ? "NOT_STARTED"
          : "IN_PROGRESS";
      const pct = status === "COMPLETED" ? 100 : status === "NOT_STARTED" ? 0 : percent;
      const [y, m] = p.split("-");
      const at = (day: number) =>
        new Date(
          endOfDayShanghai(`${y}-${m}-${String(day).padStart(2, "0")}`).getTime() - 10 * 3600_000,
        );
      for (const [k, co] of cos.entries()) {
        if (r() < 0.5) continue;
        await createReport(db, {
          taskId: task.id,
          unitId: co,
          authorId: liaisonOf.get(co)!,
          period: p,
          status: "IN_PROGRESS",
          percent: pct,
          consolidated: false,
          r,
          createdAt: at(15 + (k % 5)),
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
        createdAt: at(22),
        heading: task.heading,
      });
      reports++;
      await db.task.update({ where: { id: task.id }, data: { status } });
    }
    if (finalStatus === "COMPLETED" && r() < 0.5) {
      await db.task.update({ where: { id: task.id }, data: { status: "CLOSED", closedAt: now } });
      await db.auditEvent.create({
        data: {
          taskId: task.id,
          actorId: reviewer.id,
          type: "task.closed",
          payload: JSON.stringify({ note: `${DEMO_LABEL}经审核已办结，予以销号。` }),
        },
      });
    }
  }
  return { created: true, users: liaisonOf.size + 1, reports };
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
