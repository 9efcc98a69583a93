// Every number Duban shows about tasks, defined once: a task's standing (light, the reason for it,
// days overdue, this period's report) and the figures of a set of tasks (counts by light, overdue,
// reported this period, on-time rate, completion rate). Pure: facts about a task, the moment, and
// the rules in force. The board, the ledger, /my, the task page, reminders, digests and roll-ups
// all call these, each as of the moment it computes (README "What the numbers mean").
//
// The rules are an object so that later ones — thresholds per supervising unit, milestones with
// their own due dates, approved extensions, working-day calendars, report slots per unit — can be
// given here and read in one place, without another definition appearing elsewhere.
import {
  currentPeriod,
  periodDeadline,
  previousPeriod,
  type ReportingCalendar,
} from "./reporting-period";

export type Light = "RED" | "AMBER" | "GREEN";

export const LIGHT_LABEL: Record<Light, string> = { RED: "红灯", AMBER: "黄灯", GREEN: "绿灯" };

export type StandingRules = {
  calendar: ReportingCalendar;
  /** A task due within this many days is amber. */
  dueSoonDays: number;
  /** This period's report, not yet filed, due within this many days makes the task amber. */
  reportDueSoonDays: number;
};

export const DEFAULT_THRESHOLDS = { dueSoonDays: 30, reportDueSoonDays: 5 } as const;

export function standingRules(calendar: ReportingCalendar): StandingRules {
  return { calendar, ...DEFAULT_THRESHOLDS };
}

/** What is known about a task at a moment: all a standing is computed from. */
export type TaskFacts = {
  /** NOT_STARTED | IN_PROGRESS | BLOCKED | COMPLETED | CLOSED (the lead's latest report, or 销号). */
  status: string;
  dueDate: Date | null;
  /** Since when the task has had a lead unit (its earliest active lead assignment); null: none. */
  leadSince: Date | null;
  /** When the lead's consolidated report for a period was first filed, or null if it was not. */
  filedAt: (period: string) => Date | null;
};

/** Why a task has its light: the first that applies, in this order. */
export type StandingReason =
  | "CLOSED" // 已销号: no light
  | "COMPLETED" // 已办结: no light
  | "OVERDUE" // red: past the due date
  | "REPORT_OVERDUE" // red: a period's report is missing after its deadline
  | "BLOCKED" // amber: the lead reported 受阻
  | "DUE_SOON" // amber: due within dueSoonDays
  | "REPORT_DUE_SOON" // amber: this period's report, not filed, due within reportDueSoonDays
  | "ON_TRACK"; // green

export const STANDING_REASON_LABEL: Record<StandingReason, string> = {
  CLOSED: "已销号",
  COMPLETED: "已办结",
  OVERDUE: "已逾期",
  REPORT_OVERDUE: "进展报送逾期",
  BLOCKED: "受阻",
  DUE_SOON: "临近完成时限",
  REPORT_DUE_SOON: "本期进展临近报送截止",
  ON_TRACK: "正常推进",
};

/** A period's report as the standing sees it. */
export type PeriodReport = {
  period: string;
  deadline: Date;
  /** Whether the task owed a report for the period (open, with a lead by the deadline). */
  owed: boolean;
  /** Filed by now (at any time, for the period). */
  filed: boolean;
  /** Filed by the period's deadline. */
  onTime: boolean;
  /** Filed after the period's deadline. */
  late: boolean;
};

export type Standing = {
  light: Light | null;
  reason: StandingReason;
  /** Whole days past the due date (a started day counts); 0 when not overdue or no longer open. */
  daysOverdue: number;
  /** This period (the Shanghai month of `now`). */
  current: PeriodReport;
  /** The latest period whose deadline has passed: this one after its deadline, else the last. */
  last: PeriodReport;
  /** The period whose owed report is missing after its deadline, if any (REPORT_OVERDUE). */
  missedPeriod: string | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const isOpen = (status: string) => status !== "COMPLETED" && status !== "CLOSED";
export const isDone = (status: string) => !isOpen(status);

/** Whole days a task is past its due date (0 if not overdue). */
export function daysOverdue(dueDate: Date | null, now: Date): number {
  if (!dueDate || now.getTime() <= dueDate.getTime()) return 0;
  return Math.ceil((now.getTime() - dueDate.getTime()) / DAY_MS);
}

function periodReport(
  facts: TaskFacts,
  period: string,
  now: Date,
  rules: StandingRules,
): PeriodReport {
  const deadline = periodDeadline(period, rules.calendar);
  const at = facts.filedAt(period);
  // A report dated after `now` is not known yet at `now`.
  const filed = at !== null && at.getTime() <= now.getTime();
  const onTime = filed && at!.getTime() <= deadline.getTime();
  const hadLead = facts.leadSince !== null && facts.leadSince.getTime() <= deadline.getTime();
  // A task that is done now owed the period's report only if it still filed one (its last word).
  const owed = hadLead && (isOpen(facts.status) || filed);
  return { period, deadline, owed, filed, onTime, late: filed && !onTime };
}

/** The task's standing at `now`: its light, the reason for it, days overdue, its period reports. */
export function taskStanding(facts: TaskFacts, now: Date, rules: StandingRules): Standing {
  const period = currentPeriod(now);
  const current = periodReport(facts, period, now, rules);
  const past = now.getTime() > current.deadline.getTime();
  const last = past ? current : periodReport(facts, previousPeriod(period), now, rules);
  const open = isOpen(facts.status);
  const overdueDays = open ? daysOverdue(facts.dueDate, now) : 0;
  // The last closed period's report is missing unless this period's has been filed since.
  const missedPeriod = open && last.owed && !last.filed && !current.filed ? last.period : null;
  const base = { daysOverdue: overdueDays, current, last, missedPeriod };
  if (facts.status === "CLOSED") return { ...base, light: null, reason: "CLOSED" };
  if (facts.status === "COMPLETED") return { ...base, light: null, reason: "COMPLETED" };
  if (overdueDays > 0) return { ...base, light: "RED", reason: "OVERDUE" };
  if (missedPeriod) return { ...base, light: "RED", reason: "REPORT_OVERDUE" };
  if (facts.status === "BLOCKED") return { ...base, light: "AMBER", reason: "BLOCKED" };
  const dueIn = facts.dueDate ? facts.dueDate.getTime() - now.getTime() : Infinity;
  if (dueIn <= rules.dueSoonDays * DAY_MS) return { ...base, light: "AMBER", reason: "DUE_SOON" };
  const reportIn = current.deadline.getTime() - now.getTime();
  if (current.owed && !current.filed && reportIn <= rules.reportDueSoonDays * DAY_MS)
    return { ...base, light: "AMBER", reason: "REPORT_DUE_SOON" };
  return { ...base, light: "GREEN", reason: "ON_TRACK" };
}

/**
 * How many periods in a row, back from the latest closed one, the task owed a report and has none
 * (as of `now`); 0 once this period's report is filed, when the task is done, or had no lead.
 * The escalation ladder's "consecutive missed reports" and the bulletin's use this one count.
 */
export function consecutiveMissedPeriods(
  facts: TaskFacts,
  now: Date,
  rules: StandingRules,
): number {
  const s = taskStanding(facts, now, rules);
  if (!isOpen(facts.status) || s.current.filed) return 0;
  let n = 0;
  // A period that began before the task had a lead was not owed: the walk stops there at the latest.
  for (let p = s.last.period, r = s.last; r.owed && !r.filed && n < 600; n++) {
    p = previousPeriod(p);
    r = periodReport(facts, p, now, rules);
  }
  return n;
}

/** This period's report as a list shows it: 已报送, 未报送 (owed, not filed) or 无需报送. */
export type ReportState = "FILED" | "MISSING" | "NOT_OWED";

export function reportState(s: Standing): ReportState {
  if (s.current.filed) return "FILED";
  return s.current.owed ? "MISSING" : "NOT_OWED";
}

export const REPORT_STATE_LABEL: Record<ReportState, string> = {
  FILED: "已报送",
  MISSING: "未报送",
  NOT_OWED: "无需报送",
};

/** The figures of a set of tasks (a unit's led tasks, a document's, a supervising unit's). */
export type Figures = {
  tasks: number;
  red: number;
  amber: number;
  green: number;
  /** Completed (办结) or closed out (销号). */
  done: number;
  /** Past their due date and still open. */
  overdue: number;
  /** Owe this period's report. */
  owedThisPeriod: number;
  /** Of those, filed. */
  reportedThisPeriod: number;
  /** The last closed period: reports owed, filed by the deadline, filed after it. */
  lastPeriod: string;
  owedLastPeriod: number;
  onTimeLastPeriod: number;
  lateLastPeriod: number;
  /** done / tasks, in whole percent; null when there are no tasks. */
  completionRate: number | null;
  /** onTimeLastPeriod / owedLastPeriod, in whole percent; null when nothing was owed. */
  onTimeRate: number | null;
};

const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 100) : null;

/** The latest period whose report deadline has passed at `now`. */
export function lastClosedPeriod(now: Date, calendar: ReportingCalendar): string {
  const period = currentPeriod(now);
  return now.getTime() > periodDeadline(period, calendar).getTime()
    ? period
    : previousPeriod(period);
}

export function figures(
  standings: Iterable<{ status: string; standing: Standing }>,
  now: Date,
  rules: StandingRules,
): Figures {
  const f: Figures = {
    tasks: 0,
    red: 0,
    amber: 0,
    green: 0,
    done: 0,
    overdue: 0,
    owedThisPeriod: 0,
    reportedThisPeriod: 0,
    lastPeriod: lastClosedPeriod(now, rules.calendar),
    owedLastPeriod: 0,
    onTimeLastPeriod: 0,
    lateLastPeriod: 0,
    completionRate: null,
    onTimeRate: null,
  };
  for (const { status, standing: s } of standings) {
    f.tasks++;
    if (s.light === "RED") f.red++;
    else if (s.light === "AMBER") f.amber++;
    else if (s.light === "GREEN") f.green++;
    if (isDone(status)) f.done++;
    if (s.daysOverdue > 0) f.overdue++;
    if (s.current.owed) {
      f.owedThisPeriod++;
      if (s.current.filed) f.reportedThisPeriod++;
    }
    if (s.last.owed) {
      f.owedLastPeriod++;
      if (s.last.onTime) f.onTimeLastPeriod++;
      else if (s.last.late) f.lateLastPeriod++;
    }
  }
  f.completionRate = percent(f.done, f.tasks);
  f.onTimeRate = percent(f.onTimeLastPeriod, f.owedLastPeriod);
  return f;
}

/** 「85%」, or 「—」 when there is nothing to divide by. */
export const formatRate = (rate: number | null) => (rate === null ? "—" : `${rate}%`);
