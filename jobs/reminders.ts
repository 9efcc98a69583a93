// Daily reminders. For a Shanghai date, each liaison gets at most one email, and only when
// something is due: this period's report due in 5 days or 1 day, reports overdue, tasks overdue
// (with days). Tasks overdue for more than 14 days also go, once a week, to the lead unit's
// liaisons and to the commerce department's reviewers (escalation).
// Everything is computed from the database for that date, so a missed day is made up by running it.
import type { PrismaClient } from "../app/generated/prisma/client";
import { addManyToOutbox, type OutboxEmail } from "../app/email/outbox.server";
import { html, layout, raw, table } from "../app/email/html";
import { myTasks } from "../app/models/my-tasks.server";
import { appBaseUrl, reviewBoard } from "../app/models/review.server";
import { shanghaiDate } from "../app/utils/time";
import { daysBetween, isoWeek, shanghaiTime } from "../app/utils/week";

/** An email lists at most this many tasks; the rest are counted and linked. */
export const MAX_ITEMS_PER_EMAIL = 30;

export const REMINDER_RULES = {
  /** Days before the report deadline on which a reminder goes out. */
  reportDueInDays: [5, 1],
  /** A task overdue for more than this many days is escalated. */
  escalateAfterDays: 14,
} as const;

export { appBaseUrl as appUrl };

type Item = { taskId: string; ref: string; heading: string; document: string; reason: string };

export type ReminderPlan = {
  reminders: Array<{ userId: string; email: string; unit: string; items: Item[] }>;
  escalations: Array<{ userId: string; email: string; tasks: Array<Item & { days: number; lead: string }> }>;
};

/** Who gets what on a date. Reads the database, writes nothing. */
export async function planReminders(db: PrismaClient, date: string): Promise<ReminderPlan> {
  const at = shanghaiTime(date, 8);
  const liaisons = await db.user.findMany({
    where: { role: "LIAISON", active: true, unitId: { not: null } },
    select: { id: true, email: true, unitId: true, unit: { select: { name: true } } },
    orderBy: { email: "asc" },
  });
  const plan: ReminderPlan = { reminders: [], escalations: [] };
  // Every liaison of a unit gets the same list (about ten per unit): worked out once per unit.
  const itemsByUnit = new Map<string, Item[]>();
  for (const u of liaisons) {
    let items = itemsByUnit.get(u.unitId!);
    if (!items) {
      items = await unitItems(db, u.unitId!, date, at);
      itemsByUnit.set(u.unitId!, items);
    }
    if (items.length > 0) plan.reminders.push({ userId: u.id, email: u.email, unit: u.unit!.name, items });
  }

  // Escalation: overdue > 14 days, to the lead unit's liaisons and to every reviewer.
  const board = await reviewBoard(db, {}, at);
  const late = board.all.filter((r) => r.daysOverdue > REMINDER_RULES.escalateAfterDays && r.leadUnit);
  const lateItem = (r: (typeof late)[number]) => ({
    taskId: r.id,
    ref: r.ref,
    heading: r.heading,
    document: r.document.title,
    reason: `逾期 ${r.daysOverdue} 天`,
    days: r.daysOverdue,
    lead: r.leadUnit!.name,
  });
  const reviewers = await db.user.findMany({ where: { role: "REVIEWER", active: true }, select: { id: true, email: true }, orderBy: { email: "asc" } });
  // One list for all reviewers and one per lead unit, shared by everyone who gets it (the emails
  // are then composed once per list, not once per recipient).
  const all = late.map(lateItem);
  if (all.length > 0) for (const r of reviewers) plan.escalations.push({ userId: r.id, email: r.email, tasks: all });
  const perUnit = new Map<string, ReturnType<typeof lateItem>[]>();
  late.forEach((r, i) => {
    const list = perUnit.get(r.leadUnit!.id) ?? [];
    list.push(all[i]!);
    perUnit.set(r.leadUnit!.id, list);
  });
  for (const u of liaisons) {
    const theirs = perUnit.get(u.unitId!);
    if (theirs) plan.escalations.push({ userId: u.id, email: u.email, tasks: theirs });
  }
  return plan;
}

/** What a unit's liaisons are reminded of on a date. */
async function unitItems(db: PrismaClient, unitId: string, date: string, at: Date): Promise<Item[]> {
  const mine = await myTasks(db, unitId, at, { lastReports: false });
  const daysToDeadline = daysBetween(date, shanghaiDate(mine.info.deadline));
  const items: Item[] = [];
  for (const t of [...mine.leads, ...mine.coOwns]) {
    if (t.status === "COMPLETED" || t.status === "CLOSED") continue;
    const base = { taskId: t.id, ref: t.ref, heading: t.heading, document: t.document.title };
    if (!t.reportedThisPeriod && (REMINDER_RULES.reportDueInDays as readonly number[]).includes(daysToDeadline)) {
      items.push({ ...base, reason: `本期（${mine.info.period}）进展报送 ${daysToDeadline} 天后截止` });
    } else if (!t.reportedThisPeriod && daysToDeadline < 0) {
      items.push({ ...base, reason: `本期（${mine.info.period}）进展报送已逾期 ${-daysToDeadline} 天` });
    }
    if (t.daysOverdue > 0) items.push({ ...base, reason: `任务已逾期 ${t.daysOverdue} 天` });
  }
  return items;
}

/** Writes the date's reminders and this week's escalations to the outbox. Idempotent by key. */
export async function runReminders(db: PrismaClient, date: string) {
  const plan = await planReminders(db, date);
  const base = appBaseUrl();
  const emails: OutboxEmail[] = [];
  // Liaisons of one unit share their list, and so their email's content: composed once per list.
  const reminderContent = new Map<Item[], { subject: string; text: string; html: string }>();
  for (const r of plan.reminders) {
    const content = reminderContent.get(r.items) ?? composeReminder(r, date, base);
    reminderContent.set(r.items, content);
    emails.push({ key: `reminder:${r.userId}:${date}`, kind: "REMINDER", to: r.email, toUserId: r.userId, ...content });
  }
  const week = isoWeek(date);
  const composed = new Map<Escalation["tasks"], { subject: string; text: string; html: string }>();
  for (const e of plan.escalations) {
    const content = composed.get(e.tasks) ?? composeEscalation(e.tasks, week, base);
    composed.set(e.tasks, content);
    emails.push({ key: `escalation:${e.userId}:${week}`, kind: "ESCALATION", to: e.email, toUserId: e.userId, ...content });
  }
  const ids = await addManyToOutbox(db, emails);
  return { date, reminders: plan.reminders.length, escalations: plan.escalations.length, emailIds: ids };
}

type Escalation = ReminderPlan["escalations"][number];

/** A unit's reminder email (the same for each of its liaisons). */
function composeReminder(r: ReminderPlan["reminders"][number], date: string, base: string) {
  const overdue = r.items.filter((i) => i.reason.startsWith("任务已逾期")).length;
  const reports = r.items.length - overdue;
  const subject = `【督办提醒】${r.unit}：${[reports ? `${reports}项进展待报送` : "", overdue ? `${overdue}项任务逾期` : ""].filter(Boolean).join("，")}`;
  const shown = r.items.slice(0, MAX_ITEMS_PER_EMAIL);
  const more = r.items.length - shown.length;
  const moreLine = more > 0 ? `另有 ${more} 项，请登录查看：${base}/my` : "";
  const lines = shown.map((i) => `- ${i.document} ${i.ref} ${i.heading}：${i.reason}\n  报送：${base}/tasks/${i.taskId}/report`);
  const text = `${r.unit}联络员您好：\n\n以下事项需要处理（${date}）：\n\n${lines.join("\n")}${moreLine ? `\n${moreLine}` : ""}\n\n此邮件由督办系统自动发送，每天至多一封。`;
  const body = html`<p>${r.unit}联络员您好：以下事项需要处理（${date}）。</p>${table(
    ["文件", "编号", "任务", "事项", ""],
    shown.map((i) => [i.document, i.ref, i.heading, i.reason, raw(html`<a href="${base}/tasks/${i.taskId}/report">报送进展</a>`.html)]),
  )}${more > 0 ? html`<p>另有 ${more} 项，请<a href="${base}/my">登录查看</a>。</p>` : ""}`;
  return { subject, text, html: layout(subject, body, "此邮件由督办系统自动发送，每天至多一封。") };
}

/** One escalation email for a list of late tasks (the province's, or one lead unit's). */
function composeEscalation(tasks: Escalation["tasks"], week: string, base: string) {
  const subject = `【督办升级】${tasks.length}项任务逾期超过${REMINDER_RULES.escalateAfterDays}天`;
  // Per lead unit, then the longest overdue: a province can have thousands of late tasks.
  const byUnit = new Map<string, number>();
  for (const t of tasks) byUnit.set(t.lead, (byUnit.get(t.lead) ?? 0) + 1);
  const units = [...byUnit.entries()].sort((a, b) => b[1] - a[1]);
  const worst = [...tasks].sort((a, b) => b.days - a.days).slice(0, MAX_ITEMS_PER_EMAIL);
  const text = `以下任务逾期超过${REMINDER_RULES.escalateAfterDays}天（${week}），共 ${tasks.length} 项：\n\n${units.length > 1 ? `按牵头单位：${units.slice(0, MAX_ITEMS_PER_EMAIL).map(([u, n]) => `${u} ${n}项`).join("；")}\n\n逾期最久的 ${worst.length} 项：\n` : ""}${worst.map((t) => `- ${t.lead}｜${t.document} ${t.ref} ${t.heading}：逾期${t.days}天 ${base}/tasks/${t.taskId}`).join("\n")}\n\n全部：${base}/review`;
  const body = html`<p>以下任务逾期超过${REMINDER_RULES.escalateAfterDays}天（${week}），共 ${tasks.length} 项，请督促牵头单位办理。</p>
${units.length > 1 ? table(["牵头单位", "逾期超过14天"], units.slice(0, MAX_ITEMS_PER_EMAIL)) : ""}
<h3>逾期最久的 ${worst.length} 项</h3>${table(
    ["牵头单位", "文件", "编号", "任务", "逾期天数"],
    worst.map((t) => [t.lead, t.document, t.ref, raw(html`<a href="${base}/tasks/${t.taskId}">${t.heading}</a>`.html), t.days]),
  )}<p><a href="${base}/review">查看全部</a></p>`;
  return { subject, text, html: layout(subject, body, "逾期升级提醒每周至多一封。") };
}
