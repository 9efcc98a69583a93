// The calendars an admin sets: the default reporting cycle, stored in Setting("reportingCalendar"),
// and the working calendar (holidays and make-up working days per year, CalendarYear/CalendarDay).
import type { PrismaClient } from "../generated/prisma/client";
import type { YearArrangement } from "../calendar/holidays";
import { workingCalendar, type WorkingCalendar } from "../calendar/working-days";
import { readStatement } from "../db/read.server";
import { DEFAULT_CALENDAR, parseCycle, type ReportingCalendar } from "./reporting-period";

const KEY = "reportingCalendar";

export async function getCalendar(db: PrismaClient): Promise<ReportingCalendar> {
  return readCalendar(db);
}

/** The same, at once: page cache keys (synchronous) carry the lights, which follow the calendar. */
export function readCalendar(db: PrismaClient): ReportingCalendar {
  // Asked by every review page and every light: a prepared statement (app/db/read.server.ts).
  const row = readStatement(db, `SELECT value FROM "Setting" WHERE key = ?`).get(KEY) as
    { value: string } | undefined;
  if (!row) return DEFAULT_CALENDAR;
  return parseCycle(row.value) ?? DEFAULT_CALENDAR;
}

export async function setCalendar(
  db: PrismaClient,
  calendar: ReportingCalendar,
  actorId: string,
): Promise<void> {
  await db.$transaction([
    db.setting.upsert({
      where: { key: KEY },
      create: { key: KEY, value: JSON.stringify(calendar) },
      update: { value: JSON.stringify(calendar) },
    }),
    db.auditEvent.create({
      data: { actorId, type: "calendar.changed", payload: JSON.stringify(calendar) },
    }),
  ]);
}

/**
 * The working calendar in force: the years in CalendarYear/CalendarDay (seeded from the shipped
 * data at migration, edited by an admin), the shipped data for a year the tables lack.
 */
export function readWorkingCalendar(db: PrismaClient): WorkingCalendar {
  const years = readStatement(db, `SELECT year, source FROM "CalendarYear"`).all() as Array<{
    year: number;
    source: string;
  }>;
  const days = readStatement(
    db,
    `SELECT date, year, kind, name FROM "CalendarDay"`,
  ).all() as Array<{
    date: string;
    year: number;
    kind: string;
    name: string;
  }>;
  const byYear = new Map<number, YearArrangement>();
  for (const y of years)
    byYear.set(Number(y.year), {
      year: Number(y.year),
      source: y.source,
      holidays: [],
      workdays: [],
    });
  for (const d of days) {
    const a = byYear.get(Number(d.year));
    if (!a) continue;
    (d.kind === "WORKDAY" ? a.workdays : a.holidays).push({ date: d.date, name: d.name });
  }
  return workingCalendar([...byYear.values()]);
}

export type CalendarDayInput = { date: string; kind: "HOLIDAY" | "WORKDAY"; name: string };

/** An admin adds a day off or a make-up working day (replacing what the day was). */
export async function addCalendarDay(db: PrismaClient, day: CalendarDayInput, actorId: string) {
  const year = Number(day.date.slice(0, 4));
  await db.$transaction([
    db.calendarYear.upsert({
      where: { year },
      create: { year, source: "管理员录入" },
      update: {},
    }),
    db.calendarDay.deleteMany({ where: { date: day.date } }),
    db.calendarDay.create({ data: { ...day, year } }),
    db.auditEvent.create({
      data: { actorId, type: "calendar.day_added", payload: JSON.stringify(day) },
    }),
  ]);
}

/** An admin removes a day from a year's arrangement: it counts by its weekday again. */
export async function removeCalendarDay(db: PrismaClient, date: string, actorId: string) {
  const existing = await db.calendarDay.findUnique({ where: { date } });
  if (!existing) return false;
  await db.$transaction([
    db.calendarDay.delete({ where: { date } }),
    db.auditEvent.create({
      data: {
        actorId,
        type: "calendar.day_removed",
        payload: JSON.stringify({ date, kind: existing.kind, name: existing.name }),
      },
    }),
  ]);
  return true;
}

/** An admin names where a year's arrangement comes from (the notice, or who entered it). */
export async function setYearSource(
  db: PrismaClient,
  year: number,
  source: string,
  actorId: string,
) {
  await db.$transaction([
    db.calendarYear.upsert({ where: { year }, create: { year, source }, update: { source } }),
    db.auditEvent.create({
      data: { actorId, type: "calendar.source_set", payload: JSON.stringify({ year, source }) },
    }),
  ]);
}

/** The years, with their source and days, for the admin page. */
export async function calendarYears(db: PrismaClient) {
  const [years, days] = await Promise.all([
    db.calendarYear.findMany({ orderBy: { year: "asc" } }),
    db.calendarDay.findMany({ orderBy: { date: "asc" } }),
  ]);
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    days: days
      .filter((d) => d.year === y.year)
      .map(({ date, kind, name }) => ({ date, kind, name })),
  }));
}
