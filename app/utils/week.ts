// ISO weeks and Shanghai calendar arithmetic. Pure.
import { endOfDayShanghai, shanghaiDate } from "./time";

/** 2026-W48 for a YYYY-MM-DD date. */
export function isoWeek(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // Thursday of this week
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const week =
    1 +
    Math.round(
      ((d.getTime() - firstThursday.getTime()) / 86_400_000 -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The instant a job "runs" on a Shanghai date at hh:mm. */
export function shanghaiTime(ymd: string, hh: number, mm = 0): Date {
  return new Date(
    endOfDayShanghai(ymd).getTime() -
      (23 * 3600 + 59 * 60 + 59.999) * 1000 +
      (hh * 60 + mm) * 60_000,
  );
}

export const today = (now = new Date()) => shanghaiDate(now);
