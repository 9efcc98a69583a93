// Working days in China (app/calendar/): the shipped holidays and make-up working days checked
// day by day against each year's State Council notice, the arithmetic on them in Shanghai days,
// and the years an admin enters in place of (or beyond) the shipped ones.
import { describe, expect, it } from "vitest";
import {
  FIRST_YEAR,
  NOTICES,
  shippedArrangements,
  yearArrangementSchema,
  type YearArrangement,
} from "~/calendar/holidays";
import {
  addWorkingDays,
  dayKind,
  isWorkingDay,
  missingYears,
  nextWorkingDay,
  workingCalendar,
  workingDayOnOrAfter,
  workingDaysBetween,
} from "~/calendar/working-days";

/**
 * Each notice, as published: the days off (ranges, with the weekend days they join) and the
 * weekend days worked. Days of one year fixed by the next year's notice (元旦 starting on 30 or
 * 31 December) are listed under the year they fall in.
 */
const NOTICE_DAYS: Record<number, { off: string[]; work: string[] }> = {
  2016: {
    off: ["01-01/01-03", "02-07/02-13", "04-02/04-04", "04-30/05-02", "06-09/06-11"].concat([
      "09-15/09-17",
      "10-01/10-07",
    ]),
    work: ["02-06", "02-14", "06-12", "09-18", "10-08", "10-09"],
  },
  2017: {
    off: ["01-01/01-02", "01-27/02-02", "04-02/04-04", "04-29/05-01", "05-28/05-30"].concat([
      "10-01/10-08",
    ]),
    work: ["01-22", "02-04", "04-01", "05-27", "09-30"],
  },
  2018: {
    off: [
      "01-01",
      "02-15/02-21",
      "04-05/04-07",
      "04-29/05-01",
      "06-16/06-18",
      "09-22/09-24",
    ].concat(["10-01/10-07", "12-30/12-31"]),
    work: ["02-11", "02-24", "04-08", "04-28", "09-29", "09-30", "12-29"],
  },
  // 劳动节 as changed in March 2019: 1 to 4 May, with 28 April and 5 May worked.
  2019: {
    off: [
      "01-01",
      "02-04/02-10",
      "04-05/04-07",
      "05-01/05-04",
      "06-07/06-09",
      "09-13/09-15",
    ].concat(["10-01/10-07"]),
    work: ["02-02", "02-03", "04-28", "05-05", "09-29", "10-12"],
  },
  // 春节 extended to 2 February (announced 27 January 2020): 1 February is no longer worked.
  2020: {
    off: ["01-01", "01-24/02-02", "04-04/04-06", "05-01/05-05", "06-25/06-27", "10-01/10-08"],
    work: ["01-19", "04-26", "05-09", "06-28", "09-27", "10-10"],
  },
  2021: {
    off: ["01-01/01-03", "02-11/02-17", "04-03/04-05", "05-01/05-05", "06-12/06-14"].concat([
      "09-19/09-21",
      "10-01/10-07",
    ]),
    work: ["02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09"],
  },
  2022: {
    off: ["01-01/01-03", "01-31/02-06", "04-03/04-05", "04-30/05-04", "06-03/06-05"].concat([
      "09-10/09-12",
      "10-01/10-07",
      "12-31",
    ]),
    work: ["01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09"],
  },
  2023: {
    off: ["01-01/01-02", "01-21/01-27", "04-05", "04-29/05-03", "06-22/06-24", "09-29/10-06"],
    work: ["01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"],
  },
  2024: {
    off: [
      "01-01",
      "02-10/02-17",
      "04-04/04-06",
      "05-01/05-05",
      "06-08/06-10",
      "09-15/09-17",
    ].concat(["10-01/10-07"]),
    work: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
  },
  2025: {
    off: ["01-01", "01-28/02-04", "04-04/04-06", "05-01/05-05", "05-31/06-02", "10-01/10-08"],
    work: ["01-26", "02-08", "04-27", "09-28", "10-11"],
  },
  2026: {
    off: ["01-01/01-03", "02-15/02-23", "04-04/04-06", "05-01/05-05", "06-19/06-21"].concat([
      "09-25/09-27",
      "10-01/10-07",
    ]),
    work: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
  },
};

const addDays = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (ymd: string) => new Date(`${ymd}T00:00:00Z`).getUTCDay();

function expectedDays(year: number) {
  const notice = NOTICE_DAYS[year]!;
  const off = new Set<string>();
  for (const range of notice.off) {
    const [from, to = from] = range.split("/").map((md) => `${year}-${md}`);
    for (let d = from!; d <= to!; d = addDays(d, 1)) off.add(d);
  }
  return { off, work: new Set(notice.work.map((md) => `${year}-${md}`)) };
}

describe("the shipped holidays", () => {
  it("cover 2016 to 2026 with each year's notice named as its source; 2027 is not published yet", () => {
    const years = shippedArrangements().map((a) => a.year);
    expect(years).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const a of shippedArrangements()) {
      expect(a.source).toMatch(new RegExp(`^国务院办公厅关于${a.year}年部分节假日安排的通知`));
      expect(a.source).toBe(NOTICES[a.year]);
    }
    expect(missingYears(FIRST_YEAR, 2027)).toEqual([2027]);
  });

  for (const year of Object.keys(NOTICE_DAYS).map(Number)) {
    it(`agree with the ${year} notice on every day of the year`, () => {
      const { off, work } = expectedDays(year);
      for (const d of work) expect([0, 6], `${d} is a weekend day worked`).toContain(weekday(d));
      const wrong: string[] = [];
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        const expected = work.has(d) || (weekday(d) % 6 !== 0 && !off.has(d));
        if (isWorkingDay(d) !== expected) wrong.push(`${d}: ${expected ? "工作日" : "休息日"}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("a make-up Saturday or Sunday is a working day, with the festival it makes up for", () => {
    expect(isWorkingDay("2024-02-04")).toBe(true); // a Sunday before 春节
    expect(dayKind("2024-02-04")).toEqual({ kind: "MAKEUP_WORKDAY", name: "春节" });
    expect(isWorkingDay("2023-10-07")).toBe(true); // a Saturday after 中秋、国庆
    expect(isWorkingDay("2023-10-08")).toBe(true);
    expect(isWorkingDay("2023-10-14")).toBe(false); // an ordinary Saturday
    expect(dayKind("2023-10-14")).toEqual({ kind: "WEEKEND" });
  });

  it("the National Day week is off, the days around it as the notice says", () => {
    for (let d = "2024-10-01"; d <= "2024-10-07"; d = addDays(d, 1)) {
      expect(isWorkingDay(d), d).toBe(false);
      expect(dayKind(d).name).toBe("国庆节");
    }
    expect(isWorkingDay("2024-09-29")).toBe(true); // Sunday worked
    expect(isWorkingDay("2024-10-08")).toBe(true);
    expect(isWorkingDay("2024-10-12")).toBe(true); // Saturday worked
    // 2023: 中秋 and 国庆 together from 29 September, back on Saturday 7 October.
    expect(isWorkingDay("2023-09-29")).toBe(false);
    expect(isWorkingDay("2023-10-06")).toBe(false);
    expect(nextWorkingDay("2023-09-28")).toBe("2023-10-07");
  });
});

describe("working-day arithmetic, in Shanghai days", () => {
  it("nextWorkingDay skips days off and stops on a make-up day", () => {
    expect(nextWorkingDay("2024-09-30")).toBe("2024-10-08");
    expect(nextWorkingDay("2024-09-27")).toBe("2024-09-29"); // Friday → the Sunday worked
    expect(nextWorkingDay("2024-10-11")).toBe("2024-10-12");
    expect(nextWorkingDay("2024-10-12")).toBe("2024-10-14");
  });

  it("workingDayOnOrAfter keeps a working day and moves a day off to the next working day", () => {
    expect(workingDayOnOrAfter("2024-10-08")).toBe("2024-10-08");
    expect(workingDayOnOrAfter("2024-10-01")).toBe("2024-10-08");
    expect(workingDayOnOrAfter("2024-02-04")).toBe("2024-02-04");
    expect(workingDayOnOrAfter("2024-02-03")).toBe("2024-02-04");
  });

  it("addWorkingDays counts make-up days and skips the festival, both ways", () => {
    // "5 working days after January": 1, 2, 4 (Sunday worked), 5, 6 February.
    expect(addWorkingDays("2024-01-31", 5)).toBe("2024-02-06");
    expect(addWorkingDays("2024-02-08", 2)).toBe("2024-02-18"); // 9th, then the 18th
    expect(addWorkingDays("2024-02-18", -2)).toBe("2024-02-08");
    expect(addWorkingDays("2024-02-10", 0)).toBe("2024-02-10");
    expect(() => addWorkingDays("2024-02-10", 1.5)).toThrow(/whole number/);
  });

  it("workingDaysBetween counts the days after the first up to the last", () => {
    expect(workingDaysBetween("2024-01-31", "2024-02-06")).toBe(5);
    expect(workingDaysBetween("2024-02-06", "2024-01-31")).toBe(-5);
    expect(workingDaysBetween("2024-09-30", "2024-10-08")).toBe(1);
    expect(workingDaysBetween("2024-10-08", "2024-10-08")).toBe(0);
    for (const [a, n] of [
      ["2016-02-01", 30],
      ["2020-01-20", 7],
      ["2023-09-25", 12],
    ] as const) {
      expect(workingDaysBetween(a, addWorkingDays(a, n))).toBe(n);
      expect(addWorkingDays(a, workingDaysBetween(a, addWorkingDays(a, n)))).toBe(
        addWorkingDays(a, n),
      );
    }
    // Over a whole year, the same as counting day by day.
    expect(workingDaysBetween("2023-12-31", "2024-12-31")).toBe(
      [...Array(366).keys()].filter((i) => isWorkingDay(addDays("2024-01-01", i))).length,
    );
  });

  it("takes an instant as the Shanghai day it falls on", () => {
    // 16:30 UTC on 3 February is 00:30 on Sunday 4 February in Shanghai: a make-up working day.
    expect(isWorkingDay(new Date("2024-02-03T16:30:00Z"))).toBe(true);
    expect(isWorkingDay(new Date("2024-02-03T15:30:00Z"))).toBe(false);
    expect(nextWorkingDay(new Date("2024-09-30T20:00:00Z"))).toBe("2024-10-08");
  });

  it("refuses what is not a date", () => {
    expect(() => isWorkingDay("2024-02-30")).toThrow(/not a date/);
    expect(() => isWorkingDay("2024/02/04")).toThrow(/not a date/);
    expect(() => isWorkingDay(new Date("nonsense"))).toThrow(/not a date/);
  });
});

describe("a year an admin enters", () => {
  // Not a real arrangement: test data in the shape an admin enters.
  const entered: YearArrangement = {
    year: 2027,
    holidays: [
      { date: "2027-01-01", name: "元旦" },
      { date: "2027-01-04", name: "测试假日" },
    ],
    workdays: [{ date: "2027-01-09", name: "测试假日" }],
    source: "测试数据（非真实安排）",
  };

  it("is checked before it is used, with messages in Chinese", () => {
    expect(yearArrangementSchema.safeParse(entered).success).toBe(true);
    const bad = yearArrangementSchema.safeParse({
      ...entered,
      holidays: [
        { date: "2026-12-31", name: "元旦" },
        { date: "2027-02-30", name: "春节" },
        { date: "2027-01-09", name: "春节" },
      ],
      workdays: [
        { date: "2027-01-09", name: "春节" },
        { date: "2027-01-11", name: "春节" },
      ],
      source: " ",
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "holidays.0.date: 2026-12-31 不在 2027 年内",
        "holidays.1.date: 日期应为 YYYY-MM-DD 格式的有效日期",
        "workdays.0.date: 2027-01-09 不能既是放假日又是调休上班日",
        "workdays.1.date: 2027-01-11 是工作日，调休上班日应为周六或周日",
        "source: 请注明依据（如国务院办公厅通知的名称）",
      ]),
    );
  });

  it("fills a year not shipped, and replaces a shipped year as a whole", () => {
    expect(isWorkingDay("2027-01-04")).toBe(true); // shipped data: a Monday, weekends only
    const calendar = workingCalendar([entered]);
    expect(isWorkingDay("2027-01-04", calendar)).toBe(false);
    expect(isWorkingDay("2027-01-09", calendar)).toBe(true); // a Saturday worked
    expect(nextWorkingDay("2026-12-31", calendar)).toBe("2027-01-05");
    expect(missingYears(2016, 2027, calendar)).toEqual([]);
    // A correction of 2024 that drops the 4 February make-up day: that year is the admin's.
    const shipped2024 = shippedArrangements().find((a) => a.year === 2024)!;
    const corrected = workingCalendar([
      {
        ...shipped2024,
        workdays: shipped2024.workdays.filter((d) => d.date !== "2024-02-04"),
        source: "管理员更正（测试）",
      },
    ]);
    expect(isWorkingDay("2024-02-04", corrected)).toBe(false);
    expect(isWorkingDay("2024-02-18", corrected)).toBe(true);
    expect(corrected.years.get(2024)!.source).toBe("管理员更正（测试）");
    expect(isWorkingDay("2024-02-04")).toBe(true); // the shipped calendar is unchanged
  });
});
