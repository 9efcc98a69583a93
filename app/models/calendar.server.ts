// The reporting calendar an admin sets, stored in Setting("reportingCalendar").
import type { PrismaClient } from "../generated/prisma/client";
import { DEFAULT_CALENDAR, type ReportingCalendar } from "./reporting-period";

const KEY = "reportingCalendar";

export async function getCalendar(db: PrismaClient): Promise<ReportingCalendar> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return DEFAULT_CALENDAR;
  try {
    const value = JSON.parse(row.value) as Partial<ReportingCalendar>;
    const day = Number(value.reportDay);
    return { cycle: "MONTHLY", reportDay: Number.isInteger(day) && day >= 1 && day <= 31 ? day : DEFAULT_CALENDAR.reportDay };
  } catch {
    return DEFAULT_CALENDAR;
  }
}

export async function setCalendar(db: PrismaClient, calendar: ReportingCalendar, actorId: string): Promise<void> {
  await db.$transaction([
    db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: JSON.stringify(calendar) }, update: { value: JSON.stringify(calendar) } }),
    db.auditEvent.create({ data: { actorId, type: "calendar.changed", payload: JSON.stringify(calendar) } }),
  ]);
}
