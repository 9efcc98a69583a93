// Reporting periods. Monthly by default: the report for month YYYY-MM is due on `reportDay` of
// that month, by the end of that day in Asia/Shanghai. Pure.
import { endOfDayShanghai, shanghaiDate } from "../utils/time";

export type ReportingCalendar = { cycle: "MONTHLY"; reportDay: number };

export const DEFAULT_CALENDAR: ReportingCalendar = { cycle: "MONTHLY", reportDay: 25 };

/** YYYY-MM of the Shanghai calendar month containing `now`. */
export function currentPeriod(now: Date): string {
  return shanghaiDate(now).slice(0, 7);
}

export function isPeriod(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** The deadline of a period's report; a day past the month's end means its last day. */
export function periodDeadline(period: string, calendar: ReportingCalendar): Date {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = Math.min(calendar.reportDay, lastDay);
  return endOfDayShanghai(`${period}-${String(day).padStart(2, "0")}`);
}

/** The period before `period` (2026-01 → 2025-12). */
export function previousPeriod(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
