// The reporting calendar an admin sets, stored in Setting("reportingCalendar").
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";
import { DEFAULT_CALENDAR, type ReportingCalendar } from "./reporting-period";

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
  try {
    const value = JSON.parse(row.value) as Partial<ReportingCalendar>;
    const day = Number(value.reportDay);
    return {
      cycle: "MONTHLY",
      reportDay: Number.isInteger(day) && day >= 1 && day <= 31 ? day : DEFAULT_CALENDAR.reportDay,
    };
  } catch {
    return DEFAULT_CALENDAR;
  }
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
