// Times are stored in UTC and shown and scheduled in Asia/Shanghai (UTC+8, no daylight saving).

export const TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** The last instant of a Shanghai calendar day (YYYY-MM-DD), as a UTC Date: a deadline "by that day". */
export function endOfDayShanghai(ymd: string): Date {
  const m = ymd.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) throw new Error(`not a date: ${ymd}`);
  return new Date(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) - OFFSET_MS,
  );
}

/** The Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 2026-11-23 14:05 in Shanghai time. */
export function shanghaiDateTime(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** 2026年11月23日 */
export function formatChineseDate(d: Date): string {
  const [y, m, day] = shanghaiDate(d).split("-");
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** A time as Prisma stores DateTime in SQLite (ISO 8601 with +00:00), for comparisons in raw SQL. */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
