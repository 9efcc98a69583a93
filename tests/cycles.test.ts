// §7 reporting cycles: periods and deadlines per cycle (monthly by day or N working days after the
// month, quarterly, half-yearly, annual with per-unit deadlines as in the 2020 Sichuan base
// document, one-off), moved off days off where the rule says so; slots marked 迟报 and 缺报 and
// locked after the grace; the standing follows the task's cycle.
import { describe, expect, it } from "vitest";
import { workingCalendar } from "~/calendar/working-days";
import {
  collectingPeriod,
  currentPeriod,
  deadlineDay,
  isPeriodOf,
  lastClosedPeriodOf,
  parseCycle,
  periodLabel,
  previousPeriod,
  slotLocksAt,
  type ReportingCycle,
} from "~/models/reporting-period";
import {
  periodsSince,
  reportSlot,
  standingRules,
  taskStanding,
  type TaskFacts,
} from "~/models/standing";
import { DEFAULT_CALENDAR } from "~/models/reporting-period";
import { endOfDayShanghai } from "~/utils/time";

const cal = workingCalendar();
const at = (ymd: string, hm = "10:00") => new Date(`${ymd}T${hm}:00+08:00`);

describe("periods of each cycle", () => {
  it("names periods and steps back", () => {
    const now = at("2026-08-10");
    expect(currentPeriod(now, { cycle: "QUARTERLY" })).toBe("2026-Q3");
    expect(currentPeriod(now, { cycle: "HALF_YEARLY" })).toBe("2026-H2");
    expect(currentPeriod(now, { cycle: "ANNUAL" })).toBe("2026");
    expect(previousPeriod("2026-Q1")).toBe("2025-Q4");
    expect(previousPeriod("2026-H1")).toBe("2025-H2");
    expect(previousPeriod("2026")).toBe("2025");
    expect(periodLabel("2026-Q1")).toBe("2026年第一季度");
    expect(isPeriodOf("2026-Q1", { cycle: "QUARTERLY" })).toBe(true);
    expect(isPeriodOf("2026-03", { cycle: "QUARTERLY" })).toBe(false);
  });
});

describe("deadlines", () => {
  it("monthly, 5 working days after the month: September 2026 is due 13 Oct, past the National Day week", () => {
    const c: ReportingCycle = { cycle: "MONTHLY", workingDaysAfterEnd: 5 };
    // 1–7 Oct off; 8, 9 Oct; 10 Oct a make-up Saturday; 11 Oct Sunday; 12, 13 Oct.
    expect(deadlineDay("2026-09", c, { workdays: cal })).toBe("2026-10-13");
  });
  it("a deadline on a day off moves to the next working day only where the rule says so", () => {
    const fixed: ReportingCycle = { cycle: "MONTHLY", reportDay: 3 };
    expect(deadlineDay("2026-10", fixed, { workdays: cal })).toBe("2026-10-03");
    expect(deadlineDay("2026-10", { ...fixed, moveToWorkingDay: true }, { workdays: cal })).toBe(
      "2026-10-08",
    );
  });
  it("quarterly and half-yearly: a day of the period's last month", () => {
    expect(deadlineDay("2026-Q1", { cycle: "QUARTERLY", reportDay: 25 })).toBe("2026-03-25");
    expect(deadlineDay("2026-H2", { cycle: "HALF_YEARLY", reportDay: 20 })).toBe("2026-12-20");
  });
  it("annual, per unit: bases by 2月15日, cities by 3月1日 (the 2020 Sichuan base document)", () => {
    const c: ReportingCycle = {
      cycle: "ANNUAL",
      month: 2,
      reportDay: 15,
      unitDeadlines: { city: "03-01" },
      moveToWorkingDay: true,
    };
    expect(deadlineDay("2026", c, { workdays: cal })).toBe("2026-02-24"); // 15 Feb 2026: 春节
    expect(deadlineDay("2026", c, { unitIds: ["city"], workdays: cal })).toBe("2026-03-02"); // a Sunday
    expect(deadlineDay("2025", c, { workdays: cal })).toBe("2025-02-17"); // 15 Feb 2025: a Saturday
  });
  it("one-off: a date; and the slot locks after the grace in working days", () => {
    const c: ReportingCycle = { cycle: "ONCE", dueOn: "2026-09-30", graceDays: 3 };
    expect(deadlineDay("ONCE", c)).toBe("2026-09-30");
    expect(slotLocksAt("ONCE", c, { workdays: cal })).toEqual(endOfDayShanghai("2026-10-10"));
    expect(lastClosedPeriodOf(at("2026-09-01"), c)).toBeNull();
    expect(parseCycle(JSON.stringify(c))).toEqual(c);
    expect(parseCycle(JSON.stringify({ cycle: "ONCE" }))).toBeNull(); // no date
  });
});

describe("slots", () => {
  const c: ReportingCycle = { cycle: "QUARTERLY", reportDay: 25, graceDays: 2 };
  const slot = (filedAt: Date | null, now: Date, reopenedUntil: Date | null = null) =>
    reportSlot({
      period: "2026-Q1",
      cycle: c,
      unitIds: [],
      filedAt,
      reopenedUntil,
      now,
      workdays: cal,
    });
  it("按时, 迟报, 缺报, 未到期", () => {
    expect(slot(at("2026-03-20"), at("2026-04-01")).state).toBe("ON_TIME");
    expect(slot(at("2026-03-26"), at("2026-04-01")).state).toBe("LATE");
    expect(slot(null, at("2026-03-26")).state).toBe("MISSING");
    expect(slot(null, at("2026-03-20")).state).toBe("OPEN");
  });
  it("locks after the deadline plus 2 working days (25 Mar, a Wednesday → 27 Mar), unless reopened", () => {
    expect(slot(null, at("2026-03-27", "23:00")).locked).toBe(false);
    expect(slot(null, at("2026-03-28")).locked).toBe(true);
    expect(slot(null, at("2026-03-28"), endOfDayShanghai("2026-04-03")).locked).toBe(false);
    expect(slot(null, at("2026-04-04"), endOfDayShanghai("2026-04-03")).locked).toBe(true);
  });
  it("the periods a unit owes, newest first, from its assignment", () =>
    expect(periodsSince(at("2025-11-01"), at("2026-05-01"), c)).toEqual([
      "2026-Q2",
      "2026-Q1",
      "2025-Q4",
    ]));
});

describe("the standing follows the task's cycle", () => {
  const quarterly: ReportingCycle = { cycle: "QUARTERLY", reportDay: 25 };
  const rules = standingRules(DEFAULT_CALENDAR, {
    cycles: { byTask: new Map([["t1", quarterly]]), byDocument: new Map() },
  });
  const facts = (filed: Record<string, Date>): TaskFacts => ({
    taskId: "t1",
    status: "IN_PROGRESS",
    dueDate: endOfDayShanghai("2028-12-31"),
    leadSince: at("2025-06-01"),
    filedAt: (p) => filed[p] ?? null,
  });
  it("a quarterly task owes no monthly report: green in May with Q1 filed", () => {
    const s = taskStanding(facts({ "2026-Q1": at("2026-03-20") }), at("2026-05-10"), rules);
    expect(s).toMatchObject({ light: "GREEN", current: { period: "2026-Q2" } });
    expect(s.last.period).toBe("2026-Q1");
  });
  it("red once a quarter's report is missing after its deadline", () => {
    const s = taskStanding(facts({}), at("2026-04-02"), rules);
    expect(s).toMatchObject({ light: "RED", reason: "REPORT_OVERDUE", missedPeriod: "2026-Q1" });
  });
  it("N working days after the month: early October still collects September", () => {
    const after: ReportingCycle = { cycle: "MONTHLY", workingDaysAfterEnd: 5 };
    const r = standingRules(after, { workdays: cal });
    expect(collectingPeriod(at("2026-10-09"), after, { workdays: cal })).toBe("2026-09");
    const s = taskStanding({ ...facts({}), taskId: "x" }, at("2026-10-09"), r);
    expect(s.current.period).toBe("2026-09");
    expect(s.missedPeriod).toBe("2026-08"); // due 8 Sep, never filed
  });
});
