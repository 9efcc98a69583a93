// §7 the working calendar as data an admin edits: seeded at migration from the shipped years
// (chinese-days), each year naming its source; a make-up Saturday and the National Day week as
// the deadlines and reminders read them; an admin adds and removes days through the real server,
// enters a year not published yet (2027), and a later migration leaves the admin's years alone.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { isWorkingDay, missingYears, workingDayOnOrAfter } from "~/calendar/working-days";
import { migrate } from "~/db/migrate.server";
import { readWorkingCalendar } from "~/models/calendar.server";
import { tempDatabase } from "./helpers/db";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-calendar";
let t: ReturnType<typeof tempDatabase>;
let server: ChildProcess;
let base = "";
const cookies: Record<string, string> = {};

async function post(who: string, fields: Record<string, string>) {
  const res = await fetch(`${base}/admin/holidays`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: cookies[who]!,
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
}

beforeAll(async () => {
  t = tempDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  await t.db.user.create({
    data: { email: "admin@cal.test", name: "管理员", role: "ADMIN", passwordHash },
  });
  await t.db.user.create({
    data: { email: "reviewer@cal.test", name: "审核员", role: "REVIEWER", passwordHash },
  });
  ({ base, server } = await startServer(t.file, t.dir, { REDIS_URL: "" }));
  cookies.admin = await signIn(base, "admin@cal.test", PASSWORD);
  cookies.reviewer = await signIn(base, "reviewer@cal.test", PASSWORD);
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await t?.cleanup();
});

describe("the calendar tables, seeded at migration", () => {
  it("hold 2016–2026, each year naming the State Council's notice; 2027 is not published", async () => {
    const years = await t.db.calendarYear.findMany({ orderBy: { year: "asc" } });
    expect(years.map((y) => y.year)).toEqual([
      2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
    for (const y of years)
      expect(y.source, String(y.year)).toContain(`关于${y.year}年部分节假日安排的通知`);
    expect(missingYears(2016, 2027, readWorkingCalendar(t.db))).toEqual([2027]);
  });

  it("a make-up Saturday is a working day: 10 Oct 2026 (国庆节) and 28 Feb 2026 (春节)", async () => {
    const cal = readWorkingCalendar(t.db);
    expect(await t.db.calendarDay.findUnique({ where: { date: "2026-10-10" } })).toMatchObject({
      kind: "WORKDAY",
      name: "国庆节",
    });
    expect(isWorkingDay("2026-10-10", cal)).toBe(true);
    expect(isWorkingDay("2026-02-28", cal)).toBe(true);
    expect(isWorkingDay("2026-10-17", cal)).toBe(false); // an ordinary Saturday
    // And a make-up Sunday: 4 Jan 2026 for 元旦.
    expect(isWorkingDay("2026-01-04", cal)).toBe(true);
  });

  it("the National Day week is off; a deadline on 1 Oct moves to the 8th", () => {
    const cal = readWorkingCalendar(t.db);
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`, cal), `10-0${d}`).toBe(false);
    expect(isWorkingDay("2026-10-08", cal)).toBe(true);
    expect(workingDayOnOrAfter("2026-10-01", cal)).toBe("2026-10-08");
  });
});

describe("an admin edits the calendar (/admin/holidays)", () => {
  it("says 2027 has no data yet, and only an admin may edit", async () => {
    const page = await fetch(`${base}/admin/holidays?year=2027`, {
      headers: { cookie: cookies.admin! },
    });
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("2027 年的安排尚无数据");
    expect(html).toContain("本年尚未录入");
    const refused = await post("reviewer", {
      intent: "addDay",
      date: "2027-01-01",
      kind: "HOLIDAY",
      name: "元旦",
    });
    expect(refused.status).toBe(403);
  });

  it("enters 2027's days and names their source; the calendar follows at once", async () => {
    expect(isWorkingDay("2027-01-01", readWorkingCalendar(t.db))).toBe(true); // weekends only
    const added = await post("admin", {
      intent: "addDay",
      date: "2027-01-01",
      kind: "HOLIDAY",
      name: "元旦",
    });
    expect(added.status).toBe(200);
    const source = "国务院办公厅关于2027年部分节假日安排的通知（管理员据通知录入）";
    expect((await post("admin", { intent: "setSource", year: "2027", source })).status).toBe(200);
    expect(isWorkingDay("2027-01-01", readWorkingCalendar(t.db))).toBe(false);
    expect(await t.db.calendarYear.findUnique({ where: { year: 2027 } })).toMatchObject({ source });
    expect(missingYears(2016, 2027, readWorkingCalendar(t.db))).toEqual([]);
  });

  it("refuses a make-up working day on a weekday, with the message by the field", async () => {
    const bad = await post("admin", {
      intent: "addDay",
      date: "2027-01-04",
      kind: "WORKDAY",
      name: "元旦",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("调休上班日应为周六或周日");
  });

  it("removes a day: the make-up Saturday counts as a weekend again; audited", async () => {
    expect((await post("admin", { intent: "removeDay", date: "2026-10-10" })).status).toBe(200);
    expect(isWorkingDay("2026-10-10", readWorkingCalendar(t.db))).toBe(false);
    const types = (await t.db.auditEvent.findMany()).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["calendar.day_added", "calendar.day_removed", "calendar.source_set"]),
    );
  });

  it("a later migration seeds only the years missing: the admin's edits stay", () => {
    migrate(t.file);
    const cal = readWorkingCalendar(t.db);
    expect(isWorkingDay("2026-10-10", cal)).toBe(false);
    expect(isWorkingDay("2027-01-01", cal)).toBe(false);
  });
});
