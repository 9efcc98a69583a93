import { describe, expect, it } from "vitest";
import { daysOverdue, LIGHT_RULES, taskLight, type LightInput } from "~/models/lights";
import {
  currentPeriod,
  DEFAULT_CALENDAR,
  periodDeadline,
  previousPeriod,
} from "~/models/reporting-period";
import { endOfDayShanghai } from "~/utils/time";

const now = new Date("2026-11-10T02:00:00Z"); // 10 Nov, 10:00 in Shanghai
const deadline = periodDeadline("2026-11", DEFAULT_CALENDAR); // 25 Nov
const base: LightInput = {
  status: "IN_PROGRESS",
  dueDate: endOfDayShanghai("2027-12-31"),
  reportsDue: true,
  periodReportFiled: true,
  periodDeadline: deadline,
  now,
};
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe("warning lights", () => {
  it("green when far from due and reported", () => expect(taskLight(base)).toBe("GREEN"));
  it("red when past due and not completed", () =>
    expect(taskLight({ ...base, dueDate: days(-1) })).toBe("RED"));
  it("no light once completed or closed, even if past due", () => {
    expect(taskLight({ ...base, status: "COMPLETED", dueDate: days(-100) })).toBeNull();
    expect(taskLight({ ...base, status: "CLOSED", periodReportFiled: false })).toBeNull();
  });
  it(`amber when due within ${LIGHT_RULES.dueSoonDays} days`, () => {
    expect(taskLight({ ...base, dueDate: days(LIGHT_RULES.dueSoonDays) })).toBe("AMBER");
    expect(taskLight({ ...base, dueDate: days(LIGHT_RULES.dueSoonDays + 1) })).toBe("GREEN");
  });
  it(`amber when the period's report is due within ${LIGHT_RULES.reportDueSoonDays} days and not filed`, () => {
    const soon = new Date(deadline.getTime() - LIGHT_RULES.reportDueSoonDays * 86_400_000 + 1000);
    expect(taskLight({ ...base, periodReportFiled: false, now: soon })).toBe("AMBER");
    expect(taskLight({ ...base, periodReportFiled: false, now })).toBe("GREEN"); // 15 days before
    expect(taskLight({ ...base, periodReportFiled: true, now: soon })).toBe("GREEN");
  });
  it("red when the period's report is missing after its deadline", () => {
    const after = new Date(deadline.getTime() + 1000);
    expect(taskLight({ ...base, periodReportFiled: false, now: after })).toBe("RED");
    expect(taskLight({ ...base, periodReportFiled: false, reportsDue: false, now: after })).toBe(
      "GREEN",
    );
  });
  it("counts days overdue", () => {
    expect(daysOverdue(days(-3), now)).toBe(3);
    expect(daysOverdue(days(2), now)).toBe(0);
    expect(daysOverdue(null, now)).toBe(0);
  });
});

describe("reporting periods (Asia/Shanghai)", () => {
  it("the period is the Shanghai month", () => {
    expect(currentPeriod(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12"); // 00:30 on 1 Dec in Shanghai
    expect(currentPeriod(new Date("2026-11-30T15:30:00Z"))).toBe("2026-11");
  });
  it("the deadline is the end of the report day, clamped to the month", () => {
    expect(deadline.toISOString()).toBe("2026-11-25T15:59:59.999Z");
    expect(periodDeadline("2027-02", { cycle: "MONTHLY", reportDay: 31 }).toISOString()).toBe(
      "2027-02-28T15:59:59.999Z",
    );
    expect(previousPeriod("2026-01")).toBe("2025-12");
  });
});
