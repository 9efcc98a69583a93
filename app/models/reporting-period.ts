// Reporting cycles and their periods. Pure: a cycle (the admin's default, a document's or a
// task's) names its periods and each period's deadline, by the end of that day in Asia/Shanghai,
// in working days where the rule says so (app/calendar/working-days.ts).
//
// Periods are strings, the same that reports carry: 2026-03 (month), 2026-Q1, 2026-H1, 2026
// (year), ONCE (a one-off report). A period's slots (unit × task × period) are computed from the
// cycle in force, never stored: see README "Reporting cycles and slots".
import { z } from "zod";
import {
  addWorkingDays,
  workingDayOnOrAfter,
  type WorkingCalendar,
} from "../calendar/working-days";
import { isDate } from "../calendar/holidays";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";

export type CycleKind = "MONTHLY" | "QUARTERLY" | "HALF_YEARLY" | "ANNUAL" | "ONCE";

export const CYCLE_LABEL: Record<CycleKind, string> = {
  MONTHLY: "按月",
  QUARTERLY: "按季度",
  HALF_YEARLY: "按半年",
  ANNUAL: "按年度",
  ONCE: "一次性",
};

export type ReportingCycle = {
  cycle: CycleKind;
  /** The day of the period's last month the report is due (clipped to the month's end). */
  reportDay?: number;
  /** ANNUAL: the month of the deadline (with reportDay), within the period's year. */
  month?: number;
  /** Instead of a day: due this many working days after the period ends. */
  workingDaysAfterEnd?: number;
  /** ONCE: the day the report is due (YYYY-MM-DD). */
  dueOn?: string;
  /** Per-unit deadlines, by unit id: "MM-DD" (ANNUAL), "YYYY-MM-DD" (ONCE), "DD" (the others). */
  unitDeadlines?: Record<string, string>;
  /** A deadline on a day off moves to the next working day. */
  moveToWorkingDay?: boolean;
  /** Working days after the deadline a late report is still taken; then the slot locks. */
  graceDays?: number | null;
};

/** The admin's default cycle, for tasks whose document and task name none. */
export type ReportingCalendar = ReportingCycle;

export const DEFAULT_CALENDAR: ReportingCalendar = { cycle: "MONTHLY", reportDay: 25 };

const pad = (n: number) => String(n).padStart(2, "0");
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period of `cycle` containing `now` (YYYY-MM for the default monthly cycle). */
export function currentPeriod(now: Date, cycle: ReportingCycle = DEFAULT_CALENDAR): string {
  const [y, m] = shanghaiDate(now).split("-").map(Number) as [number, number];
  switch (cycle.cycle) {
    case "QUARTERLY":
      return `${y}-Q${Math.ceil(m / 3)}`;
    case "HALF_YEARLY":
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case "ANNUAL":
      return String(y);
    case "ONCE":
      return "ONCE";
    default:
      return `${y}-${pad(m)}`;
  }
}

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

/** A month period (YYYY-MM): what monthly reports carry. */
export function isPeriod(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** A period of the cycle's kind. */
export function isPeriodOf(s: string, cycle: ReportingCycle): boolean {
  if (cycle.cycle === "ONCE") return s === "ONCE";
  const m = PERIOD.exec(s);
  if (!m) return false;
  if (cycle.cycle === "MONTHLY") return m[2] !== undefined;
  if (cycle.cycle === "QUARTERLY") return m[3] !== undefined;
  if (cycle.cycle === "HALF_YEARLY") return m[4] !== undefined;
  return m[2] === undefined && m[3] === undefined && m[4] === undefined;
}

/** The period's first month and its number of months (a one-off period has none). */
function span(period: string): { y: number; m: number; months: number } | null {
  const p = PERIOD.exec(period);
  if (!p) return null;
  const y = Number(p[1]);
  if (p[2]) return { y, m: Number(p[2]), months: 1 };
  if (p[3]) return { y, m: (Number(p[3]) - 1) * 3 + 1, months: 3 };
  if (p[4]) return { y, m: p[4] === "1" ? 1 : 7, months: 6 };
  return { y, m: 1, months: 12 };
}

/** The period's last calendar day (YYYY-MM-DD); null for a one-off. */
export function periodEnd(period: string): string | null {
  const s = span(period);
  if (!s) return null;
  const lastMonth = s.m + s.months - 1;
  return `${s.y}-${pad(lastMonth)}-${pad(lastDayOf(s.y, lastMonth))}`;
}

/** The period before `period` (2026-01 → 2025-12, 2026-Q1 → 2025-Q4); null before a one-off. */
export function previousPeriod(period: string): string {
  const s = span(period);
  if (!s) return period;
  const months = s.months;
  const first = new Date(Date.UTC(s.y, s.m - 1 - months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  if (months === 1) return `${y}-${pad(m)}`;
  if (months === 3) return `${y}-Q${Math.ceil(m / 3)}`;
  if (months === 6) return `${y}-H${m <= 6 ? 1 : 2}`;
  return String(y);
}

/** 2026年3月, 2026年第一季度, 2026年上半年, 2026年度, 一次性报送. */
export function periodLabel(period: string): string {
  const p = PERIOD.exec(period);
  if (!p) return period === "ONCE" ? "一次性报送" : period;
  if (p[2]) return `${p[1]}年${Number(p[2])}月`;
  if (p[3]) return `${p[1]}年第${"一二三四"[Number(p[3]) - 1]}季度`;
  if (p[4]) return `${p[1]}年${p[4] === "1" ? "上" : "下"}半年`;
  return `${p[1]}年度`;
}

export type DeadlineOptions = {
  /** The units whose own deadline applies, if the cycle names one (a task's lead units). */
  unitIds?: readonly string[];
  workdays?: WorkingCalendar;
};

/** The unit's own deadline, where the cycle gives one to any of the units. */
function unitDeadline(cycle: ReportingCycle, unitIds: readonly string[] = []): string | null {
  if (!cycle.unitDeadlines) return null;
  for (const id of unitIds) if (cycle.unitDeadlines[id]) return cycle.unitDeadlines[id];
  return null;
}

/** The calendar day a period's report is due, before any move off a day off. */
function dueDay(period: string, cycle: ReportingCycle, unitIds?: readonly string[]): string {
  const own = unitDeadline(cycle, unitIds);
  if (cycle.cycle === "ONCE") return own ?? cycle.dueOn ?? "2099-12-31";
  const s = span(period);
  if (!s) throw new Error(`not a period: ${period}`);
  const end = periodEnd(period)!;
  if (cycle.workingDaysAfterEnd !== undefined && !own) return end;
  if (cycle.cycle === "ANNUAL") {
    const [mm, dd] = (own ?? `${cycle.month ?? 12}-${cycle.reportDay ?? 31}`).split("-");
    const month = Number(mm);
    return `${s.y}-${pad(month)}-${pad(Math.min(Number(dd), lastDayOf(s.y, month)))}`;
  }
  const lastMonth = s.m + s.months - 1;
  const day = Number(own ?? cycle.reportDay ?? lastDayOf(s.y, lastMonth));
  return `${s.y}-${pad(lastMonth)}-${pad(Math.min(day, lastDayOf(s.y, lastMonth)))}`;
}

/** The day (YYYY-MM-DD) a period's report is due, after the cycle's working-day rules. */
export function deadlineDay(period: string, cycle: ReportingCycle, opts: DeadlineOptions = {}) {
  const own = unitDeadline(cycle, opts.unitIds);
  let day = dueDay(period, cycle, opts.unitIds);
  if (cycle.workingDaysAfterEnd !== undefined && cycle.cycle !== "ONCE" && !own)
    day = addWorkingDays(day, cycle.workingDaysAfterEnd, opts.workdays);
  if (cycle.moveToWorkingDay) day = workingDayOnOrAfter(day, opts.workdays);
  return day;
}

/** The deadline of a period's report: the end of its due day in Shanghai. */
export function periodDeadline(
  period: string,
  cycle: ReportingCycle,
  opts: DeadlineOptions = {},
): Date {
  return endOfDayShanghai(deadlineDay(period, cycle, opts));
}

/** When a period's slot locks (the deadline plus the grace in working days); null: never. */
export function slotLocksAt(
  period: string,
  cycle: ReportingCycle,
  opts: DeadlineOptions = {},
): Date | null {
  if (cycle.graceDays === undefined || cycle.graceDays === null) return null;
  const day = addWorkingDays(deadlineDay(period, cycle, opts), cycle.graceDays, opts.workdays);
  return endOfDayShanghai(day);
}

/** The latest period whose deadline has passed at `now`; null if none has (a one-off before it). */
export function lastClosedPeriodOf(
  now: Date,
  cycle: ReportingCycle,
  opts: DeadlineOptions = {},
): string | null {
  let p = currentPeriod(now, cycle);
  // A deadline lies at most a period and a few working days after the period ends.
  for (let i = 0; i < 4; i++) {
    if (periodDeadline(p, cycle, opts).getTime() < now.getTime()) return p;
    if (cycle.cycle === "ONCE") return null;
    p = previousPeriod(p);
  }
  return null;
}

/**
 * The period whose report is being collected at `now`: the one before the current period while
 * its deadline (N working days after it ended) is still ahead, else the current one.
 */
export function collectingPeriod(
  now: Date,
  cycle: ReportingCycle,
  opts: DeadlineOptions = {},
): string {
  const p = currentPeriod(now, cycle);
  if (cycle.cycle === "ONCE") return p;
  const before = previousPeriod(p);
  return periodDeadline(before, cycle, opts).getTime() >= now.getTime() ? before : p;
}

const mmdd = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dd = /^([1-9]|[12]\d|3[01])$/;

/** A cycle as an admin or reviewer enters it, checked. */
export const cycleSchema = z
  .object({
    cycle: z.enum(["MONTHLY", "QUARTERLY", "HALF_YEARLY", "ANNUAL", "ONCE"]),
    reportDay: z.number().int().min(1).max(31).optional(),
    month: z.number().int().min(1).max(12).optional(),
    workingDaysAfterEnd: z.number().int().min(0).max(30).optional(),
    dueOn: z.string().refine(isDate, "日期应为 YYYY-MM-DD").optional(),
    unitDeadlines: z.record(z.string(), z.string()).optional(),
    moveToWorkingDay: z.boolean().optional(),
    graceDays: z.number().int().min(0).max(60).nullable().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.cycle === "ONCE" && !c.dueOn)
      ctx.addIssue({ code: "custom", path: ["dueOn"], message: "一次性报送请填写截止日期" });
    for (const [unit, value] of Object.entries(c.unitDeadlines ?? {})) {
      const ok =
        c.cycle === "ONCE"
          ? isDate(value)
          : c.cycle === "ANNUAL"
            ? mmdd.test(value)
            : dd.test(value);
      if (!ok)
        ctx.addIssue({
          code: "custom",
          path: ["unitDeadlines", unit],
          message: `单位截止日期格式不对：${value}`,
        });
    }
  });

/** A stored cycle (JSON), or null when it does not parse. */
export function parseCycle(json: string): ReportingCycle | null {
  try {
    const parsed = cycleSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as ReportingCycle) : null;
  } catch {
    return null;
  }
}

/** 「按月，每月25日前」, 「按年度，每年2月15日前（遇节假日顺延）」 … */
export function describeCycle(c: ReportingCycle): string {
  const parts: string[] = [CYCLE_LABEL[c.cycle]];
  if (c.cycle === "ONCE") parts.push(`${c.dueOn ?? ""}前`);
  else if (c.workingDaysAfterEnd !== undefined)
    parts.push(`每期结束后${c.workingDaysAfterEnd}个工作日内`);
  else if (c.cycle === "ANNUAL") parts.push(`每年${c.month ?? 12}月${c.reportDay ?? 31}日前`);
  else if (c.cycle === "MONTHLY") parts.push(`每月${c.reportDay ?? "最后一"}日前`);
  else parts.push(`每期末月${c.reportDay ?? "最后一"}日前`);
  if (c.unitDeadlines && Object.keys(c.unitDeadlines).length > 0) parts.push("部分单位另有时限");
  let text = parts.join("，");
  if (c.moveToWorkingDay) text += "（遇节假日顺延至下一工作日）";
  if (c.graceDays !== undefined && c.graceDays !== null)
    text += `；截止后${c.graceDays}个工作日锁定`;
  return text;
}
