// Seeds the working calendar's tables (CalendarYear, CalendarDay) with the shipped years
// (app/calendar/holidays.ts, from the chinese-days package) that the database does not have yet.
// A year already there is the admin's to keep: a newer package adds only the years it lacks.
import type Database from "better-sqlite3";
import { shippedArrangements } from "../calendar/holidays";

export function seedShippedCalendar(sqlite: Database.Database): number[] {
  const hasTable = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'CalendarYear'`)
    .get();
  if (!hasTable) return [];
  const known = new Set(
    (sqlite.prepare(`SELECT year FROM "CalendarYear"`).pluck().all() as number[]).map(Number),
  );
  const now = new Date().toISOString();
  const year = sqlite.prepare(
    `INSERT INTO "CalendarYear" (year, source, updatedAt) VALUES (?, ?, ?)`,
  );
  const day = sqlite.prepare(
    `INSERT OR IGNORE INTO "CalendarDay" (date, year, kind, name, createdAt) VALUES (?, ?, ?, ?, ?)`,
  );
  const added: number[] = [];
  sqlite.transaction(() => {
    for (const a of shippedArrangements()) {
      if (known.has(a.year)) continue;
      year.run(a.year, `${a.source}（随附节假日数据包）`, now);
      for (const d of a.holidays) day.run(d.date, a.year, "HOLIDAY", d.name, now);
      for (const d of a.workdays) day.run(d.date, a.year, "WORKDAY", d.name, now);
      added.push(a.year);
    }
  })();
  return added;
}
