// Every number Duban shows about tasks, defined once: a task's standing (light, the reason for it,
// days overdue, this period's report) and the figures of a set of tasks (counts by light, overdue,
// reported this period, on-time rate, completion rate). Pure: facts about a task, the moment, and
// the rules in force. The board, the ledger, /my, the task page, reminders, digests and roll-ups
// all call these, each as of the moment it computes (README "What the numbers mean").
//
// The rules are an object so that later ones — thresholds per supervising unit, milestones with
// their own due dates, approved extensions, working-day calendars, report slots per unit — can be
// given here and read in one place, without another definition appearing elsewhere.
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from "../calendar/working-days";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import {
  collectingPeriod,
  currentPeriod,
  lastClosedPeriodOf,
  periodDeadline,
  periodEnd,
  previousPeriod,
  slotLocksAt,
  type ReportingCalendar,
  type ReportingCycle,
} from "./reporting-period";

export type Light = "RED" | "AMBER" | "GREEN";

export const LIGHT_LABEL: Record<Light, string> = { RED: "红灯", AMBER: "黄灯", GREEN: "绿灯" };

/** The light thresholds a supervising unit tunes (§8); the defaults where it set none. */
export type Thresholds = {
  /** A task due within this many days is amber. */
  dueSoonDays: number;
  /** This period's report, not yet filed, due within this many days makes the task amber. */
  reportDueSoonDays: number;
  /** Amber when progress lags elapsed time by more than this many points; null: not checked. */
  progressLagPoints: number | null;
};

/** Thresholds as they apply to a task: whose they are (a supervising unit's, or the defaults). */
export type AppliedThresholds = Thresholds & { unit: { id: string; name: string } | null };

export type StandingRules = Thresholds & {
  /** The default reporting cycle, for tasks whose document and task name none. */
  calendar: ReportingCalendar;
  /** The thresholds of the supervising unit of each jurisdiction that set its own. */
  byJurisdiction?: ReadonlyMap<string, AppliedThresholds>;
  /** Reporting cycles of documents and of single tasks (a task's own first). */
  cycles?: {
    byTask: ReadonlyMap<string, ReportingCycle>;
    byDocument: ReadonlyMap<string, ReportingCycle>;
  };
  /** Working days (holidays and make-up days) for deadlines in working days; shipped if absent. */
  workdays?: WorkingCalendar;
  /** Names this set of rules, for caches keyed by what a standing depends on. */
  key?: string;
};

export const DEFAULT_THRESHOLDS: Thresholds = {
  dueSoonDays: 30,
  reportDueSoonDays: 5,
  progressLagPoints: null,
};

export function standingRules(
  calendar: ReportingCalendar,
  more: Partial<Omit<StandingRules, "calendar">> = {},
): StandingRules {
  return { calendar, ...DEFAULT_THRESHOLDS, ...more };
}

/** The key of the rules, for memos: the given key, or what the defaults are made of. */
export function rulesKey(rules: StandingRules): string {
  return (
    rules.key ??
    `${JSON.stringify(rules.calendar)}|${rules.dueSoonDays}|${rules.reportDueSoonDays}|${rules.progressLagPoints}`
  );
}

/** A reviewer's override of a task's light (the latest row of LightOverride). */
export type LightOverrideFact = {
  light: Light | null;
  reason: string;
  expiresAt: Date | null;
  at: Date;
};

/** What is known about a task at a moment: all a standing is computed from. */
export type TaskFacts = {
  /** NOT_STARTED | IN_PROGRESS | BLOCKED | COMPLETED | CLOSED (the lead's latest report, or 销号). */
  status: string;
  dueDate: Date | null;
  /** Since when the task has had a lead unit (its earliest active lead assignment); null: none. */
  leadSince: Date | null;
  /** When the lead's consolidated report for a period was first filed, or null if it was not. */
  filedAt: (period: string) => Date | null;
  /** Approved extensions of the task's due date (延期), in any order; absent: none. */
  extensions?: readonly GrantedExtension[];
  /** The task's open milestones (节点), in any order; absent: none. */
  milestones?: readonly OpenMilestone[];
  /** The task and its document: which reporting cycle applies (StandingRules.cycles). */
  taskId?: string;
  documentId?: string;
  /** Whose thresholds apply: the supervising unit of this jurisdiction (StandingRules.byJurisdiction). */
  jurisdictionId?: string;
  /** The lead units, for a cycle's per-unit deadlines. */
  leadUnitIds?: readonly string[];
  /** The lead's latest reported percent complete (null: none reported). */
  percent?: number | null;
  /** The latest light override, if any (expired or lifted ones included: the standing checks). */
  override?: LightOverrideFact | null;
};

/** A milestone not yet completed: what the light looks at. */
export type OpenMilestone = { title: string; dueDate: Date };

/** The open milestone due first, if any. */
export function nearestMilestone(milestones: readonly OpenMilestone[] = []): OpenMilestone | null {
  let first: OpenMilestone | null = null;
  for (const m of milestones) if (!first || m.dueDate < first.dueDate) first = m;
  return first;
}

/** An approved extension: the date it moved, the date it moved it to, when it was granted. */
export type GrantedExtension = { originalDate: Date; requestedDate: Date; decidedAt: Date };

/**
 * The due date in force: the task's own, moved by each approved extension granted by the
 * deadline it moved (in the order granted). One granted after that deadline had passed is
 * recorded but does not move it: the task stays overdue against the date it missed.
 */
export function effectiveDueDate(
  dueDate: Date | null,
  extensions: readonly GrantedExtension[] = [],
): Date | null {
  let due = dueDate;
  const granted = [...extensions].sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
  for (const e of granted)
    if (due && e.decidedAt.getTime() <= due.getTime() && e.requestedDate > due)
      due = e.requestedDate;
  return due;
}

/** Why a task has its light: the first that applies, in this order. */
export type StandingReason =
  | "CLOSED" // 已销号: no light
  | "COMPLETED" // 已办结: no light
  | "OVERDUE" // red: past the due date
  | "MILESTONE_OVERDUE" // red: the nearest open milestone is past its due date
  | "REPORT_OVERDUE" // red: a period's report is missing after its deadline
  | "BLOCKED" // amber: the lead reported 受阻
  | "DUE_SOON" // amber: due within dueSoonDays
  | "MILESTONE_DUE_SOON" // amber: the nearest open milestone is due within dueSoonDays
  | "PROGRESS_LAG" // amber: progress lags elapsed time by more than progressLagPoints
  | "REPORT_DUE_SOON" // amber: this period's report, not filed, due within reportDueSoonDays
  | "ON_TRACK" // green
  | "OVERRIDE"; // a reviewer set the light (with a reason, until an expiry)

export const STANDING_REASON_LABEL: Record<StandingReason, string> = {
  CLOSED: "已销号",
  COMPLETED: "已办结",
  OVERDUE: "已逾期",
  MILESTONE_OVERDUE: "节点已逾期",
  REPORT_OVERDUE: "进展报送逾期",
  BLOCKED: "受阻",
  DUE_SOON: "临近完成时限",
  MILESTONE_DUE_SOON: "临近节点时限",
  PROGRESS_LAG: "进度滞后于时间",
  REPORT_DUE_SOON: "本期进展临近报送截止",
  ON_TRACK: "正常推进",
  OVERRIDE: "审核人员调整",
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
  /** The due date in force (effectiveDueDate): what lights, days overdue and lists go by. */
  dueDate: Date | null;
  light: Light | null;
  reason: StandingReason;
  /** Whole days past the due date (a started day counts); 0 when not overdue or no longer open. */
  daysOverdue: number;
  /** The nearest open milestone (节点), if any. */
  milestone: OpenMilestone | null;
  /** This period (the Shanghai month of `now`). */
  current: PeriodReport;
  /** The latest period whose deadline has passed: this one after its deadline, else the last. */
  last: PeriodReport;
  /** The period whose owed report is missing after its deadline, if any (REPORT_OVERDUE). */
  missedPeriod: string | null;
  /** The numbers behind the light, for saying why it has it. */
  numbers: StandingNumbers;
  /** The thresholds that applied, and whose. */
  thresholds: AppliedThresholds;
  /** The reporting cycle that applied. */
  cycle: ReportingCycle;
  /** When a reviewer's override set the light: what it would have been, and the override. */
  computed: { light: Light | null; reason: StandingReason } | null;
  override: LightOverrideFact | null;
};

export type StandingNumbers = {
  /** Whole days until the due date (a started day counts); null without one. */
  dueInDays: number | null;
  /** Whole days until this period's report deadline. */
  reportInDays: number;
  /** Percent of the time from the lead's assignment to the due date that has passed. */
  elapsedPercent: number | null;
  /** The lead's latest percent complete. */
  percent: number | null;
  /** elapsedPercent − percent, when both are known. */
  lagPoints: number | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const isOpen = (status: string) => status !== "COMPLETED" && status !== "CLOSED";
export const isDone = (status: string) => !isOpen(status);

/** Whole days a task is past its due date (0 if not overdue). */
export function daysOverdue(dueDate: Date | null, now: Date): number {
  if (!dueDate || now.getTime() <= dueDate.getTime()) return 0;
  return Math.ceil((now.getTime() - dueDate.getTime()) / DAY_MS);
}

/** The cycle in force for a task: its own, its document's, else the default. */
export function cycleOf(facts: TaskFacts, rules: StandingRules): ReportingCycle {
  return (
    (facts.taskId ? rules.cycles?.byTask.get(facts.taskId) : undefined) ??
    (facts.documentId ? rules.cycles?.byDocument.get(facts.documentId) : undefined) ??
    rules.calendar
  );
}

/** The thresholds in force for a task: its supervising unit's, else the defaults. */
export function thresholdsOf(facts: TaskFacts, rules: StandingRules): AppliedThresholds {
  const own = facts.jurisdictionId ? rules.byJurisdiction?.get(facts.jurisdictionId) : undefined;
  if (own) return own;
  const { dueSoonDays, reportDueSoonDays, progressLagPoints } = rules;
  return { dueSoonDays, reportDueSoonDays, progressLagPoints, unit: null };
}

function periodReport(
  facts: TaskFacts,
  period: string,
  now: Date,
  rules: StandingRules,
  cycle: ReportingCycle,
): PeriodReport {
  const deadline = periodDeadline(period, cycle, {
    unitIds: facts.leadUnitIds,
    workdays: rules.workdays,
  });
  const at = facts.filedAt(period);
  // A report dated after `now` is not known yet at `now`.
  const filed = at !== null && at.getTime() <= now.getTime();
  const onTime = filed && !filedLate(at!, deadline);
  const hadLead = facts.leadSince !== null && facts.leadSince.getTime() <= deadline.getTime();
  // A task that is done now owed the period's report only if it still filed one (its last word).
  const owed = hadLead && (isOpen(facts.status) || filed);
  return { period, deadline, owed, filed, onTime, late: filed && !onTime };
}

/** How far progress lags the time elapsed from the lead's assignment to the due date. */
function progressNumbers(facts: TaskFacts, now: Date) {
  const percent = facts.percent ?? null;
  const start = facts.leadSince?.getTime();
  const end = facts.dueDate?.getTime();
  if (start === undefined || end === undefined || end <= start || now.getTime() <= start)
    return { elapsedPercent: null, percent, lagPoints: null };
  const share = Math.min(1, (now.getTime() - start) / (end - start));
  const elapsedPercent = Math.round(share * 100);
  return { elapsedPercent, percent, lagPoints: elapsedPercent - (percent ?? 0) };
}

const wholeDays = (ms: number) => Math.ceil(ms / DAY_MS);

function activeOverride(facts: TaskFacts, now: Date): LightOverrideFact | null {
  const o = facts.override;
  if (!o || !o.light || o.at.getTime() > now.getTime()) return null;
  if (o.expiresAt && o.expiresAt.getTime() <= now.getTime()) return null;
  return o;
}

type Verdict = { light: Light | null; reason: StandingReason };

function verdict(
  facts: TaskFacts,
  now: Date,
  t: Thresholds,
  s: Pick<
    Standing,
    "dueDate" | "milestone" | "daysOverdue" | "missedPeriod" | "current" | "numbers"
  >,
): Verdict {
  if (facts.status === "CLOSED") return { light: null, reason: "CLOSED" };
  if (facts.status === "COMPLETED") return { light: null, reason: "COMPLETED" };
  if (s.daysOverdue > 0) return { light: "RED", reason: "OVERDUE" };
  const milestoneIn = s.milestone ? s.milestone.dueDate.getTime() - now.getTime() : Infinity;
  if (milestoneIn < 0) return { light: "RED", reason: "MILESTONE_OVERDUE" };
  if (s.missedPeriod) return { light: "RED", reason: "REPORT_OVERDUE" };
  if (facts.status === "BLOCKED") return { light: "AMBER", reason: "BLOCKED" };
  const dueIn = s.dueDate ? s.dueDate.getTime() - now.getTime() : Infinity;
  if (dueIn <= t.dueSoonDays * DAY_MS) return { light: "AMBER", reason: "DUE_SOON" };
  if (milestoneIn <= t.dueSoonDays * DAY_MS)
    return { light: "AMBER", reason: "MILESTONE_DUE_SOON" };
  const lag = s.numbers.lagPoints;
  if (t.progressLagPoints !== null && lag !== null && lag > t.progressLagPoints)
    return { light: "AMBER", reason: "PROGRESS_LAG" };
  const reportIn = s.current.deadline.getTime() - now.getTime();
  if (s.current.owed && !s.current.filed && reportIn <= t.reportDueSoonDays * DAY_MS)
    return { light: "AMBER", reason: "REPORT_DUE_SOON" };
  return { light: "GREEN", reason: "ON_TRACK" };
}

/** The task's standing at `now`: its light, the reason for it, days overdue, its period reports. */
export function taskStanding(facts: TaskFacts, now: Date, rules: StandingRules): Standing {
  const cycle = cycleOf(facts, rules);
  const opts = { unitIds: facts.leadUnitIds, workdays: rules.workdays };
  const period = collectingPeriod(now, cycle, opts);
  const current = periodReport(facts, period, now, rules, cycle);
  const closed = lastClosedPeriodOf(now, cycle, opts);
  const last =
    closed === null
      ? { ...current, owed: false, filed: false, onTime: false, late: false }
      : closed === period
        ? current
        : periodReport(facts, closed, now, rules, cycle);
  const open = isOpen(facts.status);
  // The due date in force (approved extensions) and the nearest open milestone (节点).
  const dueDate = effectiveDueDate(facts.dueDate, facts.extensions);
  const milestone = open ? nearestMilestone(facts.milestones) : null;
  const overdueDays = open ? daysOverdue(dueDate, now) : 0;
  // The last closed period's report is missing unless a later period's has been filed since.
  const laterFiled = current.period !== last.period && current.filed;
  const missedPeriod = open && last.owed && !last.filed && !laterFiled ? last.period : null;
  const thresholds = thresholdsOf(facts, rules);
  const numbers: StandingNumbers = {
    dueInDays: dueDate ? wholeDays(dueDate.getTime() - now.getTime()) : null,
    reportInDays: wholeDays(current.deadline.getTime() - now.getTime()),
    ...progressNumbers({ ...facts, dueDate }, now),
  };
  const base = {
    dueDate,
    milestone,
    daysOverdue: overdueDays,
    current,
    last,
    missedPeriod,
    numbers,
  };
  const computed = verdict(facts, now, thresholds, base);
  const override = open ? activeOverride(facts, now) : null;
  const rest = { ...base, thresholds, cycle, override };
  if (override) return { ...rest, light: override.light, reason: "OVERRIDE", computed };
  return { ...rest, ...computed, computed: null };
}

/** Why a task has its light, with the numbers and thresholds behind it (the task page). */
export function standingExplanation(s: Standing): string[] {
  const lines: string[] = [];
  const t = s.thresholds;
  const whose = t.unit ? `（${t.unit.name}设定）` : "（默认）";
  const reason = s.computed?.reason ?? s.reason;
  const n = s.numbers;
  if (s.override) {
    const until = s.override.expiresAt ? `，有效期至${shanghaiDay(s.override.expiresAt)}` : "";
    lines.push(
      `审核人员将灯调整为${LIGHT_LABEL[s.override.light!]}：${s.override.reason}${until}。按规则应为${
        s.computed?.light ? LIGHT_LABEL[s.computed.light] : "无灯"
      }（${STANDING_REASON_LABEL[reason]}）。`,
    );
  }
  if (reason === "OVERDUE") lines.push(`已超过完成时限${s.daysOverdue}天。`);
  if (reason === "REPORT_OVERDUE")
    lines.push(`${s.missedPeriod} 期进展应于${shanghaiDay(s.last.deadline)}前报送，至今未报。`);
  if (reason === "DUE_SOON")
    lines.push(`距完成时限还有${n.dueInDays}天，不超过${t.dueSoonDays}天即为黄灯${whose}。`);
  if (reason === "PROGRESS_LAG")
    lines.push(
      `时间已过${n.elapsedPercent}%，进度${n.percent ?? 0}%，落后${n.lagPoints}个百分点，超过${t.progressLagPoints}个百分点即为黄灯${whose}。`,
    );
  if (reason === "REPORT_DUE_SOON")
    lines.push(
      `本期（${s.current.period}）进展应于${shanghaiDay(s.current.deadline)}前报送，还有${n.reportInDays}天，不超过${t.reportDueSoonDays}天即为黄灯${whose}。`,
    );
  if (reason === "ON_TRACK")
    lines.push(
      `距完成时限${n.dueInDays === null ? "无期限" : `${n.dueInDays}天`}（黄灯阈值${t.dueSoonDays}天）；本期进展${s.current.filed ? "已报送" : `截止${shanghaiDay(s.current.deadline)}`}${whose}。`,
    );
  if (reason === "BLOCKED") lines.push("牵头单位最近一次报送为受阻。");
  return lines;
}

const shanghaiDay = (d: Date) => shanghaiDate(d);

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
  /** The last closed period: reports owed, filed by the deadline, filed after it (迟报), not filed (缺报). */
  lastPeriod: string;
  owedLastPeriod: number;
  onTimeLastPeriod: number;
  lateLastPeriod: number;
  missingLastPeriod: number;
  /** done / tasks, in whole percent; null when there are no tasks. */
  completionRate: number | null;
  /** onTimeLastPeriod / owedLastPeriod, in whole percent; null when nothing was owed. */
  onTimeRate: number | null;
};

const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 100) : null;

/** The latest period whose report deadline has passed at `now`, in the default cycle. */
export function lastClosedPeriod(now: Date, calendar: ReportingCalendar): string {
  return lastClosedPeriodOf(now, calendar) ?? previousPeriod(currentPeriod(now, calendar));
}

/** How many closed periods back a pack's bulletin may be about (a year of monthly periods). */
export const BULLETIN_PERIODS = 12;

/**
 * The periods a bulletin (督办通报) can be about at `now`, newest first: the last closed one and
 * those before it, at most BULLETIN_PERIODS, none before the period `since` (the first lead
 * assignment: nothing was owed earlier) falls in.
 */
export function closedPeriods(
  now: Date,
  calendar: ReportingCalendar,
  since: Date | null,
  max = BULLETIN_PERIODS,
): string[] {
  const first = since ? currentPeriod(since, calendar) : null;
  const list: string[] = [];
  let p = lastClosedPeriod(now, calendar);
  while (list.length < max) {
    list.push(p);
    const before = previousPeriod(p);
    if (before === p || (first && p <= first)) break;
    p = before;
  }
  return list;
}

/**
 * The moment the figures of a closed `period` are taken at: the latest moment at which it is
 * still the last closed period (lastClosedPeriod) — the next period's deadline — and never after
 * `now`. So a bulletin about an earlier period counts that period's reports as every figure
 * (figures, consecutiveMissedPeriods) counts the last closed one, late filings made by then
 * included. Null when `period` has not closed by `now` or is more than ten years back.
 */
export function closedPeriodMoment(
  period: string,
  now: Date,
  calendar: ReportingCalendar,
): Date | null {
  let next = lastClosedPeriod(now, calendar);
  if (next === period) return now;
  for (let i = 0; i < MAX_LOOKBACK; i++) {
    const before = previousPeriod(next);
    if (before === next) return null;
    if (before === period) return periodDeadline(next, calendar);
    next = before;
  }
  return null;
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
    missingLastPeriod: 0,
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
      else f.missingLastPeriod++;
    }
  }
  f.completionRate = percent(f.done, f.tasks);
  f.onTimeRate = percent(f.onTimeLastPeriod, f.owedLastPeriod);
  return f;
}

/** Periods looked back at most (ten years of monthly reports). */
const MAX_LOOKBACK = 120;

/**
 * How many periods in a row, back from the last closed one (lastClosedPeriod), the task owed its
 * report and did not file it by the period's deadline (a report filed late still missed its
 * period). 0 when the last closed period's report was on time or not owed. One definition for the
 * bulletin (督办通报), the escalation ladder and every other surface; a unit's count is the
 * largest over the tasks it leads.
 */
export function consecutiveMissedPeriods(
  facts: TaskFacts,
  now: Date,
  rules: StandingRules,
): number {
  const cycle = cycleOf(facts, rules);
  const opts = { unitIds: facts.leadUnitIds, workdays: rules.workdays };
  let period = lastClosedPeriodOf(now, cycle, opts);
  let missed = 0;
  while (period !== null && missed < MAX_LOOKBACK) {
    const r = periodReport(facts, period, now, rules, cycle);
    if (!r.owed || r.onTime) break;
    missed++;
    // A one-off report has no period before it.
    period = cycle.cycle === "ONCE" ? null : previousPeriod(period);
  }
  return missed;
}

/** 「85%」, or 「—」 when there is nothing to divide by. */
export const formatRate = (rate: number | null) => (rate === null ? "—" : `${rate}%`);

/**
 * 迟报: the first report for a period (a slot's, or the lead's consolidated one) came after the
 * period's deadline. The one comparison behind the slot table, the timeline's mark, the figures'
 * lateLastPeriod and the roll-up; a later report for a period already filed changes nothing.
 */
export function filedLate(firstFiledAt: Date, deadline: Date): boolean {
  return firstFiledAt.getTime() > deadline.getTime();
}

/** A report slot's state: 按时 (filed by the deadline), 迟报, 缺报 (deadline passed), 未到期. */
export type SlotState = "ON_TIME" | "LATE" | "MISSING" | "OPEN";

export const SLOT_STATE_LABEL: Record<SlotState, string> = {
  ON_TIME: "按时报送",
  LATE: "迟报",
  MISSING: "缺报",
  OPEN: "未到期",
};

/** One unit's report for one period of a task: computed from the cycle in force, never stored. */
export type ReportSlot = {
  period: string;
  deadline: Date;
  /** When the slot stops taking reports (deadline + grace); null: never. */
  locksAt: Date | null;
  filedAt: Date | null;
  state: SlotState;
  /** Past its lock and not reopened by a reviewer: the report form refuses it. */
  locked: boolean;
  reopenedUntil: Date | null;
};

export function reportSlot(args: {
  period: string;
  cycle: ReportingCycle;
  unitIds: readonly string[];
  filedAt: Date | null;
  reopenedUntil: Date | null;
  now: Date;
  workdays?: WorkingCalendar;
}): ReportSlot {
  const { period, cycle, filedAt, reopenedUntil, now } = args;
  const opts = { unitIds: args.unitIds, workdays: args.workdays };
  const deadline = periodDeadline(period, cycle, opts);
  const locksAt = slotLocksAt(period, cycle, opts);
  const reopened = reopenedUntil !== null && now.getTime() <= reopenedUntil.getTime();
  const locked = locksAt !== null && now.getTime() > locksAt.getTime() && !reopened;
  const filed = filedAt !== null && filedAt.getTime() <= now.getTime();
  const state: SlotState = filed
    ? filedLate(filedAt!, deadline)
      ? "LATE"
      : "ON_TIME"
    : now.getTime() > deadline.getTime()
      ? "MISSING"
      : "OPEN";
  return {
    period,
    deadline,
    locksAt,
    filedAt: filed ? filedAt : null,
    state,
    locked,
    reopenedUntil,
  };
}

/**
 * A closed period's report of the lead (PeriodReport) in the slots' words: 按时报送, 迟报, 缺报;
 * null when none was owed. What the roll-up lists beside each measure, counted as figures() does.
 */
export function periodReportSlotState(r: PeriodReport): Exclude<SlotState, "OPEN"> | null {
  if (!r.owed) return null;
  return r.onTime ? "ON_TIME" : r.late ? "LATE" : "MISSING";
}

/** A unit's slots counted by state (the task page's 按时/迟报/缺报 per unit). */
export type SlotCounts = Record<SlotState, number>;

export function slotCounts(slots: readonly Pick<ReportSlot, "state">[]): SlotCounts {
  const c: SlotCounts = { ON_TIME: 0, LATE: 0, MISSING: 0, OPEN: 0 };
  for (const x of slots) c[x.state]++;
  return c;
}

/** The periods a unit owes from `since` up to the one being collected at `now`, newest first. */
export function periodsSince(
  since: Date,
  now: Date,
  cycle: ReportingCycle,
  opts: { unitIds?: readonly string[]; workdays?: WorkingCalendar } = {},
  limit = 12,
): string[] {
  const last = collectingPeriod(now, cycle, opts);
  if (cycle.cycle === "ONCE") return [last];
  const first = currentPeriod(since, cycle);
  const out: string[] = [];
  for (let p = last; out.length < limit; p = previousPeriod(p)) {
    out.push(p);
    if (p === first || (periodEnd(p) ?? "") < (periodEnd(first) ?? "")) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Acknowledgement (签收): a unit newly assigned to a task acknowledges it within N working days;
// after that it is 领办逾期 until it does.

/** Working days a unit has to acknowledge a new assignment (the admin's setting, else this). */
export const DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 3;

/** The end of the last day to acknowledge an assignment: N working days after the day it was made. */
export function acknowledgementDeadline(
  assignedAt: Date,
  workingDays: number,
  calendar?: WorkingCalendar,
): Date {
  return endOfDayShanghai(addWorkingDays(assignedAt, workingDays, calendar));
}

export type AcknowledgementState = {
  deadline: Date;
  acknowledged: boolean;
  /** Not acknowledged after the deadline (领办逾期). */
  late: boolean;
  /** Working days past the deadline (0 unless late). */
  workingDaysLate: number;
};

export function acknowledgementState(
  a: { assignedAt: Date; acknowledgedAt: Date | null },
  now: Date,
  workingDays: number,
  calendar?: WorkingCalendar,
): AcknowledgementState {
  const deadline = acknowledgementDeadline(a.assignedAt, workingDays, calendar);
  const acknowledged = a.acknowledgedAt !== null && a.acknowledgedAt.getTime() <= now.getTime();
  const late = !acknowledged && now.getTime() > deadline.getTime();
  const workingDaysLate = late ? Math.max(1, workingDaysBetween(deadline, now, calendar)) : 0;
  return { deadline, acknowledged, late, workingDaysLate };
}
