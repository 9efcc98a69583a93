// Weekly digest (Mondays 08:30 Shanghai) to everyone who chose WEEKLY.
// Liaisons: their unit's tasks by light, what changed last week, what is due this week.
// Reviewers: counts by light, a per-unit table (led, completed, overdue, on-time report rate),
// newly overdue tasks, and the 需协调事项 raised last week.
import type { PrismaClient } from "../app/generated/prisma/client";
import { addManyToOutbox, type OutboxEmail } from "../app/email/outbox.server";
import { html, layout, raw, table } from "../app/email/html";
import { LIGHT_LABEL } from "../app/models/lights";
import { myTasks } from "../app/models/my-tasks.server";
import { periodDeadline, previousPeriod } from "../app/models/reporting-period";
import { periodInfo, reviewBoard } from "../app/models/review.server";
import { AUDIT_EVENT } from "../app/ui/labels";
import { endOfDayShanghai, shanghaiDate, sqliteTime } from "../app/utils/time";
import { addDays, isoWeek, shanghaiTime } from "../app/utils/week";
import { appUrl, MAX_ITEMS_PER_EMAIL } from "./reminders";

export async function runDigest(db: PrismaClient, date: string) {
  const at = shanghaiTime(date, 8, 30);
  const weekAgo = shanghaiTime(addDays(date, -7), 8, 30);
  const weekAhead = endOfDayShanghai(addDays(date, 6));
  const week = isoWeek(date);
  const base = appUrl();
  const users = await db.user.findMany({
    where: { active: true, digest: "WEEKLY", role: { in: ["LIAISON", "REVIEWER"] } },
    select: { id: true, email: true, role: true, unitId: true, unit: { select: { name: true } } },
    orderBy: { email: "asc" },
  });
  const emails: OutboxEmail[] = [];
  // Liaisons of one unit get the same digest body: computed once per unit.
  const perUnit = new Map<
    string,
    { subject: string; text: string; body: ReturnType<typeof html> }
  >();
  let reviewerData: Awaited<ReturnType<typeof reviewerDigest>> | null = null;
  for (const u of users) {
    let subject: string;
    let text: string;
    let body: ReturnType<typeof html>;
    if (u.role === "LIAISON" && u.unitId && perUnit.has(u.unitId)) {
      ({ subject, text, body } = perUnit.get(u.unitId)!);
    } else if (u.role === "LIAISON" && u.unitId) {
      const mine = await myTasks(db, u.unitId, at);
      const tasks = [...mine.leads, ...mine.coOwns];
      const count = (l: string) => tasks.filter((t) => t.light === l).length;
      // Last week's timeline entries of the unit's tasks, found through the (taskId, createdAt)
      // index from the unit's task ids; a filter through assignments would scan every event.
      const byId = new Map(tasks.map((t) => [t.id, t]));
      const events = await db.$queryRawUnsafe<
        Array<{ type: string; createdAt: string; taskId: string }>
      >(
        `SELECT e.type, e.createdAt, e.taskId FROM "AuditEvent" e
         WHERE e.taskId IN (SELECT value FROM json_each(?)) AND e.createdAt >= ? AND e.createdAt < ?`,
        JSON.stringify([...byId.keys()]),
        sqliteTime(weekAgo),
        sqliteTime(at),
      );
      const changes = events
        .map((e) => ({ type: e.type, createdAt: new Date(e.createdAt), task: byId.get(e.taskId)! }))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const dueSoon = tasks.filter(
        (t) =>
          t.dueDate &&
          t.status !== "COMPLETED" &&
          t.status !== "CLOSED" &&
          t.dueDate >= at &&
          t.dueDate <= weekAhead,
      );
      const reportDue = mine.info.deadline >= at && mine.info.deadline <= weekAhead;
      subject = `【督办周报】${u.unit!.name} ${week}：红灯${count("RED")}项、黄灯${count("AMBER")}项`;
      text = [
        `${u.unit!.name} ${week} 督办周报`,
        `任务：${tasks.length}项（红灯${count("RED")}、黄灯${count("AMBER")}、绿灯${count("GREEN")}）`,
        `上周变化：${changes.length}条`,
        ...changes
          .slice(-MAX_ITEMS_PER_EMAIL)
          .map(
            (c) =>
              `- ${shanghaiDate(c.createdAt)} ${c.task?.ref} ${c.task?.heading}：${AUDIT_EVENT[c.type] ?? c.type}`,
          ),
        ...(changes.length > MAX_ITEMS_PER_EMAIL
          ? [`  另有 ${changes.length - MAX_ITEMS_PER_EMAIL} 条，请登录查看：${base}/my`]
          : []),
        `本周到期：${dueSoon.length}项${reportDue ? `；本期进展报送截止 ${shanghaiDate(mine.info.deadline)}` : ""}`,
        ...dueSoon.map((t) => `- ${t.ref} ${t.heading} ${base}/tasks/${t.id}`),
      ].join("\n");
      // Red before amber, longest overdue first; an email shows the first MAX_ITEMS_PER_EMAIL of each
      // list and links to the rest (a unit can lead hundreds of late tasks).
      const flagged = tasks
        .filter((t) => t.light === "RED" || t.light === "AMBER")
        .sort((a, b) =>
          a.light === b.light ? b.daysOverdue - a.daysOverdue : a.light === "RED" ? -1 : 1,
        );
      const shownFlagged = flagged.slice(0, MAX_ITEMS_PER_EMAIL);
      const shownChanges = changes.slice(-MAX_ITEMS_PER_EMAIL);
      const more = (n: number) =>
        n > 0 ? html`<p>另有 ${n} 项，请<a href="${base}/my">登录查看</a>。</p>` : "";
      body = html`<p>
          任务 ${tasks.length} 项：红灯 ${count("RED")}，黄灯 ${count("AMBER")}，绿灯
          ${count("GREEN")}。
        </p>
        ${table(
          ["灯", "编号", "任务", "完成时限"],
          shownFlagged.map((t) => [
            LIGHT_LABEL[t.light!],
            t.ref,
            raw(html`<a href="${base}/tasks/${t.id}">${t.heading}</a>`.html),
            t.dueDate ? shanghaiDate(t.dueDate) : "—",
          ]),
        )}
        ${more(flagged.length - shownFlagged.length)}
        <h3>上周变化（${changes.length}）</h3>
        ${table(
          ["日期", "任务", "变化"],
          shownChanges.map((c) => [
            shanghaiDate(c.createdAt),
            `${c.task?.ref ?? ""} ${c.task?.heading ?? ""}`,
            AUDIT_EVENT[c.type] ?? c.type,
          ]),
        )}
        ${more(changes.length - shownChanges.length)}
        <h3>本周到期（${dueSoon.length}）</h3>
        ${reportDue ? html`<p>本期进展报送截止：${shanghaiDate(mine.info.deadline)}</p>` : ""}
        ${table(
          ["编号", "任务", "完成时限"],
          dueSoon.map((t) => [t.ref, t.heading, shanghaiDate(t.dueDate!)]),
        )}`;
      perUnit.set(u.unitId, { subject, text, body });
    } else if (u.role === "REVIEWER") {
      reviewerData ??= await reviewerDigest(db, at, weekAgo);
      const d = reviewerData;
      subject = `【督办周报】全局 ${week}：红灯${d.counts.RED}项、黄灯${d.counts.AMBER}项、新增逾期${d.newlyOverdue.length}项`;
      text = [
        `督办周报 ${week}`,
        `红灯${d.counts.RED}、黄灯${d.counts.AMBER}、绿灯${d.counts.GREEN}、已办结/销号${d.counts.NONE}`,
        "单位：牵头｜完成｜逾期｜按时报送率",
        ...d.units.map(
          (x) => `- ${x.unit}：${x.led}｜${x.completed}｜${x.overdue}｜${x.onTimeRate}`,
        ),
        `新增逾期（${d.newlyOverdue.length}）`,
        ...d.newlyOverdue.map((t) => `- ${t.ref} ${t.heading}（${t.lead}）`),
        `需协调事项（${d.coordination.length}）`,
        ...d.coordination.map((c) => `- ${c.unit}｜${c.ref} ${c.heading}：${c.text}`),
      ].join("\n");
      body = html`<p>
          红灯 ${d.counts.RED}，黄灯 ${d.counts.AMBER}，绿灯 ${d.counts.GREEN}，已办结/销号
          ${d.counts.NONE}。
        </p>
        <h3>各单位</h3>
        ${table(
          ["牵头单位", "牵头任务", "已完成", "逾期", "按时报送率"],
          d.units.map((x) => [x.unit, x.led, x.completed, x.overdue, x.onTimeRate]),
        )}
        <h3>新增逾期（${d.newlyOverdue.length}）</h3>
        ${table(
          ["牵头单位", "编号", "任务"],
          d.newlyOverdue.map((t) => [
            t.lead,
            t.ref,
            raw(html`<a href="${base}/tasks/${t.id}">${t.heading}</a>`.html),
          ]),
        )}
        <h3>需协调事项（${d.coordination.length}）</h3>
        ${table(
          ["单位", "任务", "事项"],
          d.coordination.map((c) => [c.unit, `${c.ref} ${c.heading}`, c.text]),
        )}`;
    } else continue;
    emails.push({
      key: `digest:${u.id}:${week}`,
      kind: "DIGEST",
      to: u.email,
      toUserId: u.id,
      subject,
      text,
      html: layout(subject, body, "可在“个人设置”中选择是否接收周报。"),
    });
  }
  const ids = await addManyToOutbox(db, emails);
  return { date, week, digests: ids.length, emailIds: ids };
}

/** The whole picture for reviewers. */
export async function reviewerDigest(db: PrismaClient, at: Date, weekAgo: Date) {
  const board = await reviewBoard(db, {}, at);
  const counts = { RED: 0, AMBER: 0, GREEN: 0, NONE: 0 };
  for (const r of board.all) counts[r.light ?? "NONE"]++;
  // On-time rate: of each unit's open led tasks, the share whose report for the last closed
  // period was filed by that period's deadline.
  const info = await periodInfo(db, at);
  const lastPeriod = at > info.deadline ? info.period : previousPeriod(info.period);
  const lastDeadline = periodDeadline(lastPeriod, info.calendar);
  const onTime = await db.progressReport.findMany({
    where: { period: lastPeriod, consolidated: true, createdAt: { lte: lastDeadline } },
    select: { taskId: true },
    distinct: ["taskId"],
  });
  const onTimeSet = new Set(onTime.map((r) => r.taskId));
  const units = new Map<
    string,
    { unit: string; led: number; completed: number; overdue: number; due: number; onTime: number }
  >();
  for (const r of board.all) {
    if (!r.leadUnit) continue;
    const u = units.get(r.leadUnit.id) ?? {
      unit: r.leadUnit.name,
      led: 0,
      completed: 0,
      overdue: 0,
      due: 0,
      onTime: 0,
    };
    u.led++;
    if (r.status === "COMPLETED" || r.status === "CLOSED") u.completed++;
    if (r.daysOverdue > 0) u.overdue++;
    if (r.reportsDue) {
      u.due++;
      if (onTimeSet.has(r.id)) u.onTime++;
    }
    units.set(r.leadUnit.id, u);
  }
  const newlyOverdue = board.all.filter(
    (r) =>
      r.dueDate &&
      r.dueDate >= weekAgo &&
      r.dueDate < at &&
      r.status !== "COMPLETED" &&
      r.status !== "CLOSED",
  );
  const coordination = await db.progressReport.findMany({
    where: { createdAt: { gte: weekAgo, lt: at }, coordination: { not: "" } },
    orderBy: { createdAt: "asc" },
    select: {
      coordination: true,
      unit: { select: { name: true } },
      task: { select: { ref: true, heading: true } },
    },
  });
  return {
    counts,
    units: [...units.values()]
      .sort((a, b) => b.overdue - a.overdue || b.led - a.led)
      .map((u) => ({ ...u, onTimeRate: u.due ? `${Math.round((u.onTime / u.due) * 100)}%` : "—" })),
    newlyOverdue: newlyOverdue.map((r) => ({
      id: r.id,
      ref: r.ref,
      heading: r.heading,
      lead: r.leadUnit?.name ?? "待分配",
    })),
    coordination: coordination.map((c) => ({
      unit: c.unit.name,
      ref: c.task.ref,
      heading: c.task.heading,
      text: c.coordination,
    })),
  };
}
