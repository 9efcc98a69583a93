// Daily reminders. For a Shanghai date, each liaison gets at most one email, and only when
// something is due: this period's report due in 5 days or 1 day, reports overdue, tasks overdue
// (with days). Tasks overdue for more than 14 days are escalated once a week: to the commerce
// department's reviewers in an escalation email, and to the lead unit's liaisons inside their
// reminder of that day — the first reminder run of the ISO week that reaches them — so that a
// liaison still gets one email a day at most.
// Everything is computed from the database as of the moment the run computes (a run made up later
// in the day, or on a later day, sees what is true then), so a missed day is made up by running it.
// Reviewers get the late tasks their own unit supervises, nothing else. A unit's assignments not
// acknowledged (签收) within the working days allowed are in its reminder too (领办逾期).
import type { PrismaClient } from "../app/generated/prisma/client";
import { isWorkingDay, workingDaysBetween } from "../app/calendar/working-days";
import { addManyToOutbox, type OutboxEmail } from "../app/email/outbox.server";
import { html, layout, raw, table } from "../app/email/html";
import { pendingAcknowledgements } from "../app/models/acknowledgement.server";
import { myTasks } from "../app/models/my-tasks.server";
import { appBaseUrl, reviewBoard } from "../app/models/review.server";
import { periodDeadline } from "../app/models/reporting-period";
import { rulesOf, tasksByLeadUnit } from "../app/models/standing.server";
import { taskIndex } from "../app/models/task-index.server";
import { shanghaiDate } from "../app/utils/time";
import { daysBetween, isoWeek } from "../app/utils/week";

/** An email lists at most this many tasks; the rest are counted and linked. */
export const MAX_ITEMS_PER_EMAIL = 30;

export const REMINDER_RULES = {
  /**
   * Working days (app/calendar: holidays off, make-up days on) before a report deadline or a
   * milestone's date on which a reminder goes out; the reminder says "N 个工作日后". Counted in
   * working days because reminders only go out on working days: a deadline after a weekend or a
   * holiday week still gets both.
   */
  dueInWorkingDays: [5, 1],
  /** A task overdue for more than this many days is escalated. */
  escalateAfterDays: 14,
} as const;

export { appBaseUrl as appUrl };

type Item = { taskId: string; ref: string; heading: string; document: string; reason: string };
type LateTask = Item & { days: number; lead: string };

export type ReminderPlan = {
  week: string;
  /**
   * Liaisons: what is due, and — when this week's escalation has not reached them yet and their
   * unit leads tasks overdue for more than 14 days — those tasks (otherwise null).
   */
  reminders: Array<{
    userId: string;
    email: string;
    unit: string;
    items: Item[];
    escalation: LateTask[] | null;
  }>;
  /** Reviewers: this week's escalation, if it has not reached them yet. */
  escalations: Array<{ userId: string; email: string; tasks: LateTask[] }>;
};

/** When a run computes: `now` if given (tests, a fixed clock), else the moment it runs. */
export type RunClock = { now?: Date };

/** Who gets what on a date. Reads the database, writes nothing. */
export async function planReminders(
  db: PrismaClient,
  date: string,
  clock: RunClock = {},
): Promise<ReminderPlan> {
  const at = clock.now ?? new Date();
  const week = isoWeek(date);
  // Reminders go out on working days only (a make-up Saturday is one; the National Day week is
  // not): the calendar in force, the admin's edits included.
  if (!isWorkingDay(date, rulesOf(db).workdays)) return { week, reminders: [], escalations: [] };
  const liaisons = await db.user.findMany({
    where: { role: "LIAISON", active: true, unitId: { not: null } },
    select: { id: true, email: true, unitId: true, unit: { select: { name: true } } },
    orderBy: { email: "asc" },
  });
  // Who has had this week's escalation already, from another day's run. A run of this same date
  // plans what it planned before (its emails exist under the same keys), so it can be repeated.
  const ownKeys = (userId: string) => [
    `reminder:${userId}:${date}`,
    `escalation:${userId}:${week}`,
  ];
  const escalated = new Set(
    (
      await db.email.findMany({
        where: { escalationWeek: week, toUserId: { not: null } },
        select: { toUserId: true, key: true },
      })
    )
      .filter((e) => !ownKeys(e.toUserId!).includes(e.key))
      .map((e) => e.toUserId!),
  );

  // Escalation: overdue > 14 days. One list per supervising unit (for its reviewers) and one per
  // lead unit, shared by everyone who gets it (the emails are then composed once per list).
  const board = await reviewBoard(db, {}, { kind: "all" }, at);
  const late = board.all.filter(
    (r) => r.daysOverdue > REMINDER_RULES.escalateAfterDays && r.leadUnit,
  );
  const item = new Map(
    late.map((r) => [
      r.task,
      {
        taskId: r.id,
        ref: r.ref,
        heading: r.heading,
        document: r.document.title,
        reason: `逾期 ${r.daysOverdue} 天`,
        days: r.daysOverdue,
        lead: r.leadUnit!.name,
      } satisfies LateTask,
    ]),
  );
  const index = taskIndex(db);
  // Each unit that leads a late task (joint leads, collectives' members): as its figures count it.
  const perUnit = new Map<string, LateTask[]>();
  for (const [unitId, tasks] of tasksByLeadUnit(index, item.keys()))
    perUnit.set(
      unitId,
      tasks.map((t) => item.get(t)!),
    );
  const bySupervisor = (unitId: string | null) => {
    const scope = index.supervisedBy(unitId);
    return late.filter((r) => scope.has(r.jurisdictionId)).map((r) => item.get(r.task)!);
  };

  const plan: ReminderPlan = { week, reminders: [], escalations: [] };
  // Every liaison of a unit gets the same list (about ten per unit): worked out once per unit.
  const itemsByUnit = new Map<string, Item[]>();
  for (const u of liaisons) {
    let items = itemsByUnit.get(u.unitId!);
    if (!items) {
      items = await unitItems(db, u.unitId!, at);
      itemsByUnit.set(u.unitId!, items);
    }
    const escalation = escalated.has(u.id) ? null : (perUnit.get(u.unitId!) ?? null);
    if (items.length > 0 || escalation)
      plan.reminders.push({ userId: u.id, email: u.email, unit: u.unit!.name, items, escalation });
  }
  if (late.length > 0) {
    const reviewers = await db.user.findMany({
      where: { role: "REVIEWER", active: true },
      select: { id: true, email: true, unitId: true },
      orderBy: { email: "asc" },
    });
    // The reviewers of one supervising unit share one list.
    const lists = new Map<string | null, LateTask[]>();
    for (const r of reviewers) {
      if (escalated.has(r.id)) continue;
      let tasks = lists.get(r.unitId);
      if (!tasks) lists.set(r.unitId, (tasks = bySupervisor(r.unitId)));
      if (tasks.length > 0) plan.escalations.push({ userId: r.id, email: r.email, tasks });
    }
  }
  return plan;
}

/** What a unit's liaisons are reminded of on a date. */
async function unitItems(db: PrismaClient, unitId: string, at: Date): Promise<Item[]> {
  const mine = await myTasks(db, unitId, at, { lastReports: false });
  const today = shanghaiDate(at);
  const workdays = rulesOf(db).workdays;
  // Ahead: in working days (the reminders' lead times); past: in days, as overdue is counted.
  const until = (day: string) => {
    const days = daysBetween(today, day);
    return days < 0 ? days : workingDaysBetween(today, day, workdays);
  };
  const daysToDeadline = until(shanghaiDate(mine.info.deadline));
  const items: Item[] = [];
  // Assignments not acknowledged (签收) in time: 领办逾期, until a liaison acknowledges.
  const unitIds = taskIndex(db).responsibleUnitIds(unitId);
  for (const a of await pendingAcknowledgements(db, { unitIds }, at))
    if (a.late)
      items.push({
        taskId: a.taskId,
        ref: a.ref,
        heading: a.heading,
        document: a.document,
        reason: `领办逾期：应于 ${a.due} 前签收，已逾期 ${a.workingDaysLate} 个工作日`,
      });
  for (const t of [...mine.leads, ...mine.coOwns]) {
    const s = t.standing;
    if (!s.current.owed && !s.missedPeriod && t.daysOverdue === 0 && !s.milestone) continue;
    const base = { taskId: t.id, ref: t.ref, heading: t.heading, document: t.document.title };
    // A lead owes the task's report; a co-unit its own part of it.
    const unfiled = t.role === "LEAD" ? t.report === "MISSING" : !t.unitReportedThisPeriod;
    if (
      s.current.owed &&
      unfiled &&
      (REMINDER_RULES.dueInWorkingDays as readonly number[]).includes(daysToDeadline)
    ) {
      items.push({
        ...base,
        reason: `本期（${mine.info.period}）进展报送 ${daysToDeadline} 个工作日后截止`,
      });
    } else if (s.current.owed && unfiled && daysToDeadline < 0) {
      items.push({
        ...base,
        reason: `本期（${mine.info.period}）进展报送已逾期 ${-daysToDeadline} 天`,
      });
    } else if (t.role === "LEAD" && s.missedPeriod && s.missedPeriod !== mine.info.period) {
      // The month rolled over with last period's report still missing: the light stays red.
      const deadline = shanghaiDate(periodDeadline(s.missedPeriod, mine.info.calendar));
      items.push({
        ...base,
        reason: `上期（${s.missedPeriod}）进展报送已逾期 ${daysBetween(deadline, today)} 天`,
      });
    }
    if (t.daysOverdue > 0) items.push({ ...base, reason: `任务已逾期 ${t.daysOverdue} 天` });
    else if (t.role === "LEAD" && s.milestone) {
      // The nearest open milestone (节点): overdue, or due on a reminder day.
      const days = until(shanghaiDate(s.milestone.dueDate));
      if (days < 0)
        items.push({ ...base, reason: `节点「${s.milestone.title}」已逾期 ${-days} 天` });
      else if ((REMINDER_RULES.dueInWorkingDays as readonly number[]).includes(days))
        items.push({ ...base, reason: `节点「${s.milestone.title}」${days} 个工作日后到期` });
    }
  }
  return items;
}

/**
 * Writes the date's reminders and this week's escalations to the outbox. Idempotent by key; a
 * week's escalation reaches each person once (a unique index on the outbox), whichever day's run
 * brings it.
 */
export async function runReminders(db: PrismaClient, date: string, clock: RunClock = {}) {
  const plan = await planReminders(db, date, clock);
  const base = appBaseUrl();
  const emails: OutboxEmail[] = [];
  // Liaisons of one unit share their lists, and so their email's content: composed once per pair
  // of lists (with and without the week's escalation).
  const reminderContent = new Map<Item[], Map<LateTask[] | null, Composed>>();
  for (const r of plan.reminders) {
    const byEscalation = reminderContent.get(r.items) ?? new Map<LateTask[] | null, Composed>();
    reminderContent.set(r.items, byEscalation);
    const content = byEscalation.get(r.escalation) ?? composeReminder(r, date, plan.week, base);
    byEscalation.set(r.escalation, content);
    emails.push({
      key: `reminder:${r.userId}:${date}`,
      kind: "REMINDER",
      to: r.email,
      toUserId: r.userId,
      escalationWeek: r.escalation ? plan.week : null,
      ...content,
    });
  }
  const composed = new Map<LateTask[], Composed>();
  for (const e of plan.escalations) {
    const content = composed.get(e.tasks) ?? composeEscalation(e.tasks, plan.week, base);
    composed.set(e.tasks, content);
    emails.push({
      key: `escalation:${e.userId}:${plan.week}`,
      kind: "ESCALATION",
      to: e.email,
      toUserId: e.userId,
      escalationWeek: plan.week,
      ...content,
    });
  }
  const ids = addManyToOutbox(db, emails);
  return {
    date,
    reminders: plan.reminders.length,
    escalations: plan.escalations.length + plan.reminders.filter((r) => r.escalation).length,
    emailIds: ids,
  };
}

type Composed = { subject: string; text: string; html: string };

const FOOTER = "此邮件由督办系统自动发送，每天至多一封。";

/** A liaison's email of the day (the same for each liaison of the unit): what is due, and the week's escalation if it carries it. */
function composeReminder(
  r: ReminderPlan["reminders"][number],
  date: string,
  week: string,
  base: string,
): Composed {
  const overdue = r.items.filter((i) => i.reason.startsWith("任务已逾期")).length;
  const reports = r.items.length - overdue;
  const late = r.escalation?.length ?? 0;
  const subject = `【督办提醒】${r.unit}：${[reports ? `${reports}项进展待报送` : "", overdue ? `${overdue}项任务逾期` : "", late ? `${late}项逾期超过${REMINDER_RULES.escalateAfterDays}天已升级督办` : ""].filter(Boolean).join("，")}`;
  const shown = r.items.slice(0, MAX_ITEMS_PER_EMAIL);
  const more = r.items.length - shown.length;
  const moreLine = more > 0 ? `另有 ${more} 项，请登录查看：${base}/my` : "";
  const lines = shown.map(
    (i) =>
      `- ${i.document} ${i.ref} ${i.heading}：${i.reason}\n  报送：${base}/tasks/${i.taskId}/report`,
  );
  const worst = r.escalation
    ? [...r.escalation].sort((a, b) => b.days - a.days).slice(0, MAX_ITEMS_PER_EMAIL)
    : [];
  const escalationText = r.escalation
    ? `\n\n【本周升级督办（${week}）】本单位牵头的 ${late} 项任务逾期超过${REMINDER_RULES.escalateAfterDays}天，已同时报督办单位：\n${worst.map((t) => `- ${t.document} ${t.ref} ${t.heading}：逾期${t.days}天 ${base}/tasks/${t.taskId}/report`).join("\n")}${late > worst.length ? `\n另有 ${late - worst.length} 项：${base}/my` : ""}`
    : "";
  const text = `${r.unit}联络员您好：\n\n${shown.length ? `以下事项需要处理（${date}）：\n\n${lines.join("\n")}${moreLine ? `\n${moreLine}` : ""}` : `今天（${date}）没有到期的报送。`}${escalationText}\n\n${FOOTER}`;
  const dueBody = shown.length
    ? html`<p>${r.unit}联络员您好：以下事项需要处理（${date}）。</p>
        ${table(
          ["文件", "编号", "任务", "事项", ""],
          shown.map((i) => [
            i.document,
            i.ref,
            i.heading,
            i.reason,
            raw(html`<a href="${base}/tasks/${i.taskId}/report">报送进展</a>`.html),
          ]),
        )}${more > 0 ? html`<p>另有 ${more} 项，请<a href="${base}/my">登录查看</a>。</p>` : ""}`
    : html`<p>${r.unit}联络员您好：今天（${date}）没有到期的报送。</p>`;
  const escalationBody = r.escalation
    ? html`<h3>本周升级督办（${week}）</h3>
        <p>
          本单位牵头的 ${late}
          项任务逾期超过${REMINDER_RULES.escalateAfterDays}天，已同时报督办单位，请抓紧办理并报送进展。
        </p>
        ${table(
          ["文件", "编号", "任务", "逾期天数", ""],
          worst.map((t) => [
            t.document,
            t.ref,
            t.heading,
            t.days,
            raw(html`<a href="${base}/tasks/${t.taskId}/report">报送进展</a>`.html),
          ]),
        )}${late > worst.length ? html`<p>另有 ${late - worst.length} 项，请<a href="${base}/my">登录查看</a>。</p>` : ""}`
    : "";
  return { subject, text, html: layout(subject, html`${dueBody}${escalationBody}`, FOOTER) };
}

/** The reviewers' escalation email for the province's list of late tasks. */
function composeEscalation(tasks: LateTask[], week: string, base: string): Composed {
  const subject = `【督办升级】${tasks.length}项任务逾期超过${REMINDER_RULES.escalateAfterDays}天`;
  // Per lead unit, then the longest overdue: a province can have thousands of late tasks.
  const byUnit = new Map<string, number>();
  for (const t of tasks) byUnit.set(t.lead, (byUnit.get(t.lead) ?? 0) + 1);
  const units = [...byUnit.entries()].sort((a, b) => b[1] - a[1]);
  const worst = [...tasks].sort((a, b) => b.days - a.days).slice(0, MAX_ITEMS_PER_EMAIL);
  const text = `以下任务逾期超过${REMINDER_RULES.escalateAfterDays}天（${week}），共 ${tasks.length} 项：\n\n${
    units.length > 1
      ? `按牵头单位：${units
          .slice(0, MAX_ITEMS_PER_EMAIL)
          .map(([u, n]) => `${u} ${n}项`)
          .join("；")}\n\n逾期最久的 ${worst.length} 项：\n`
      : ""
  }${worst.map((t) => `- ${t.lead}｜${t.document} ${t.ref} ${t.heading}：逾期${t.days}天 ${base}/tasks/${t.taskId}`).join("\n")}\n\n全部：${base}/review`;
  const body = html`<p>
      以下任务逾期超过${REMINDER_RULES.escalateAfterDays}天（${week}），共 ${tasks.length}
      项，请督促牵头单位办理。
    </p>
    ${units.length > 1 ? table(["牵头单位", "逾期超过14天"], units.slice(0, MAX_ITEMS_PER_EMAIL)) : ""}
    <h3>逾期最久的 ${worst.length} 项</h3>
    ${table(
      ["牵头单位", "文件", "编号", "任务", "逾期天数"],
      worst.map((t) => [
        t.lead,
        t.document,
        t.ref,
        raw(html`<a href="${base}/tasks/${t.taskId}">${t.heading}</a>`.html),
        t.days,
      ]),
    )}
    <p><a href="${base}/review">查看全部</a></p>`;
  return { subject, text, html: layout(subject, body, "逾期升级提醒每周至多一封。") };
}
