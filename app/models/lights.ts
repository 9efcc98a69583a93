// Red/amber/green warning lights (红黄绿灯). Pure; every threshold lives in LIGHT_RULES.
//
//   red    past due and not completed, or the current period's report missing after its deadline
//   amber  due within 30 days, or the current period's report due within 5 days and not yet filed
//   green  otherwise
//   none   completed (办结) or closed out (销号)

export const LIGHT_RULES = {
  /** A task due within this many days is amber. */
  dueSoonDays: 30,
  /** A period report due within this many days, and not yet filed, makes the task amber. */
  reportDueSoonDays: 5,
} as const;

export type Light = "RED" | "AMBER" | "GREEN";

export const LIGHT_LABEL: Record<Light, string> = { RED: "红灯", AMBER: "黄灯", GREEN: "绿灯" };

const DAY_MS = 24 * 60 * 60 * 1000;

export type LightInput = {
  status: string;
  dueDate: Date | null;
  /** Whether the task has a lead unit that owes periodic reports. */
  reportsDue: boolean;
  /** Whether the report for the current period has been filed. */
  periodReportFiled: boolean;
  /** Deadline of the current period's report. */
  periodDeadline: Date;
  now: Date;
};

export function taskLight(t: LightInput): Light | null {
  if (t.status === "COMPLETED" || t.status === "CLOSED") return null;
  const pastDue = t.dueDate !== null && t.now.getTime() > t.dueDate.getTime();
  const reportMissing = t.reportsDue && !t.periodReportFiled;
  if (pastDue || (reportMissing && t.now.getTime() > t.periodDeadline.getTime())) return "RED";
  const dueSoon =
    t.dueDate !== null && t.dueDate.getTime() - t.now.getTime() <= LIGHT_RULES.dueSoonDays * DAY_MS;
  const reportSoon =
    reportMissing &&
    t.periodDeadline.getTime() - t.now.getTime() <= LIGHT_RULES.reportDueSoonDays * DAY_MS;
  if (dueSoon || reportSoon) return "AMBER";
  return "GREEN";
}

/** Whole days a task is past its due date (0 if not overdue). */
export function daysOverdue(dueDate: Date | null, now: Date): number {
  if (!dueDate || now.getTime() <= dueDate.getTime()) return 0;
  return Math.ceil((now.getTime() - dueDate.getTime()) / DAY_MS);
}
