// Working days in China, counted in Asia/Shanghai calendar days. Pure: the calendar is data (the
// shipped years, app/calendar/holidays.ts, with an admin's years replacing them), nothing is read
// from a database or the clock.
//
// A day is a working day when it is a make-up working day (调休上班), or a Monday to Friday that is
// not a day off of the arrangement. A year that no arrangement covers counts weekends only:
// missingYears() says which, so that the admin is asked to enter them.
//
// Days are YYYY-MM-DD strings (a Shanghai calendar day) or instants (Date), which are taken as
// the Shanghai day they fall on. Results are YYYY-MM-DD strings.
import { shanghaiDate } from "../utils/time";
import { isDate, shippedArrangements, type YearArrangement } from "./holidays";

export type Day = string | Date;

export type WorkingCalendar = {
  /** The arrangement in force per year: an admin's, else the shipped one. */
  years: ReadonlyMap<number, YearArrangement>;
  daysOff: ReadonlyMap<string, string>;
  workdays: ReadonlyMap<string, string>;
};

/** The shipped data with the admin's years in place of the shipped ones (a whole year each). */
export function workingCalendar(overrides: YearArrangement[] = []): WorkingCalendar {
  const years = new Map<number, YearArrangement>();
  for (const a of shippedArrangements()) years.set(a.year, a);
  for (const a of overrides) years.set(a.year, a);
  const daysOff = new Map<string, string>();
  const workdays = new Map<string, string>();
  for (const a of years.values()) {
    for (const d of a.holidays) daysOff.set(d.date, d.name);
    for (const d of a.workdays) workdays.set(d.date, d.name);
  }
  return { years, daysOff, workdays };
}

let shippedCalendar: WorkingCalendar | null = null;
const shipped = () => (shippedCalendar ??= workingCalendar());

/** The Shanghai calendar day, checked. */
export function toDay(day: Day): string {
  if (day instanceof Date) {
    if (Number.isNaN(day.getTime())) throw new Error("not a date: Invalid Date");
    return shanghaiDate(day);
  }
  if (!isDate(day)) throw new Error(`not a date (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return day;
}

const DAY_MS = 86_400_000;
const serial = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS;
const fromSerial = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (n: number) => {
  const weekday = new Date(n * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
};

function working(n: number, calendar: WorkingCalendar): boolean {
  const ymd = fromSerial(n);
  if (calendar.workdays.has(ymd)) return true;
  return !isWeekend(n) && !calendar.daysOff.has(ymd);
}

export function isWorkingDay(day: Day, calendar = shipped()): boolean {
  return working(serial(toDay(day)), calendar);
}

/** What kind of day it is, and the festival's name for a day off or a make-up working day. */
export function dayKind(
  day: Day,
  calendar = shipped(),
): { kind: "WORKDAY" | "WEEKEND" | "HOLIDAY" | "MAKEUP_WORKDAY"; name?: string } {
  const ymd = toDay(day);
  const makeUp = calendar.workdays.get(ymd);
  if (makeUp) return { kind: "MAKEUP_WORKDAY", name: makeUp };
  const off = calendar.daysOff.get(ymd);
  if (off) return { kind: "HOLIDAY", name: off };
  return { kind: isWeekend(serial(ymd)) ? "WEEKEND" : "WORKDAY" };
}

/** The first working day after the day (never the day itself). */
export function nextWorkingDay(day: Day, calendar = shipped()): string {
  return addWorkingDays(day, 1, calendar);
}

/** The day itself if it is a working day, else the next one: a deadline moved off a day off. */
export function workingDayOnOrAfter(day: Day, calendar = shipped()): string {
  const n = serial(toDay(day));
  return working(n, calendar) ? fromSerial(n) : nextWorkingDay(day, calendar);
}

/**
 * The n-th working day after the day (n > 0), or before it (n < 0); n = 0 is the day itself.
 * "5 working days after the month ends": addWorkingDays("2024-01-31", 5).
 */
export function addWorkingDays(day: Day, n: number, calendar = shipped()): string {
  if (!Number.isInteger(n)) throw new Error(`not a whole number of working days: ${n}`);
  let at = serial(toDay(day));
  const step = Math.sign(n);
  for (let left = Math.abs(n); left > 0;) {
    at += step;
    if (working(at, calendar)) left--;
  }
  return fromSerial(at);
}

/**
 * Working days after `from` up to and including `to` (negative when `to` is earlier), so that
 * addWorkingDays(from, workingDaysBetween(from, to)) is `to` when `to` is a working day.
 */
export function workingDaysBetween(from: Day, to: Day, calendar = shipped()): number {
  const a = serial(toDay(from));
  const b = serial(toDay(to));
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let n = lo + 1; n <= hi; n++) if (working(n, calendar)) count++;
  return sign * count;
}

/** The years between first and last that no arrangement covers: weekends only until entered. */
export function missingYears(first: number, last: number, calendar = shipped()): number[] {
  const missing: number[] = [];
  for (let y = first; y <= last; y++) if (!calendar.years.has(y)) missing.push(y);
  return missing;
}
