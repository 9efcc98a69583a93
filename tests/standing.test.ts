// The one definition of every number (app/models/standing.ts): a task's standing — light, reason,
// days overdue, its period reports — and the figures of a set of tasks, at fixed moments.
import { describe, expect, it } from "vitest";
import {
  consecutiveMissedPeriods,
  DEFAULT_THRESHOLDS,
  daysOverdue,
  figures,
  reportState,
  standingExplanation,
  standingRules,
  taskStanding,
  type TaskFacts,
} from "~/models/standing";
import {
  currentPeriod,
  DEFAULT_CALENDAR,
  periodDeadline,
  previousPeriod,
} from "~/models/reporting-period";
import { endOfDayShanghai } from "~/utils/time";

const rules = standingRules(DEFAULT_CALENDAR); // reports due on the 25th
const now = new Date("2026-11-10T02:00:00Z"); // 10 Nov, 10:00 in Shanghai
const days = (n: number, from = now) => new Date(from.getTime() + n * 86_400_000);
const nov = periodDeadline("2026-11", DEFAULT_CALENDAR);
const oct = periodDeadline("2026-10", DEFAULT_CALENDAR);

/** An open task, due far ahead, led since spring, that filed October's and November's reports. */
function facts(over: Partial<TaskFacts> & { filed?: Record<string, Date> } = {}): TaskFacts {
  const filed = over.filed ?? { "2026-10": days(-20, oct), "2026-11": days(-1) };
  return {
    status: "IN_PROGRESS",
    dueDate: endOfDayShanghai("2027-12-31"),
    leadSince: new Date("2026-03-01T00:00:00+08:00"),
    filedAt: (p) => filed[p] ?? null,
    ...over,
  };
}
const at = (f: TaskFacts, when = now) => taskStanding(f, when, rules);

describe("a task's standing", () => {
  it("green when far from due and reported", () =>
    expect(at(facts())).toMatchObject({ light: "GREEN", reason: "ON_TRACK", daysOverdue: 0 }));
  it("red when past due and open, with whole days overdue (a started day counts)", () => {
    const s = at(facts({ dueDate: days(-1.5) }));
    expect(s).toMatchObject({ light: "RED", reason: "OVERDUE", daysOverdue: 2 });
    expect(daysOverdue(days(2), now)).toBe(0);
  });
  it("no light and no days overdue once completed or closed, and a closed task owes no report", () => {
    expect(at(facts({ status: "COMPLETED", dueDate: days(-100) }))).toMatchObject({
      light: null,
      reason: "COMPLETED",
      daysOverdue: 0,
    });
    const closed = at(facts({ status: "CLOSED", filed: {} }), days(20));
    expect(closed).toMatchObject({ light: null, reason: "CLOSED" });
    expect(reportState(closed)).toBe("NOT_OWED"); // never 「未报送」
  });
  it(`amber when due within ${DEFAULT_THRESHOLDS.dueSoonDays} days`, () => {
    expect(at(facts({ dueDate: days(30) })).reason).toBe("DUE_SOON");
    expect(at(facts({ dueDate: days(31) })).light).toBe("GREEN");
  });
  it(`amber when this period's report is due within ${DEFAULT_THRESHOLDS.reportDueSoonDays} days and not filed`, () => {
    const soon = days(-5, nov);
    const unfiled = facts({ filed: { "2026-10": days(-20, oct) } });
    expect(at(unfiled, days(1000 / 86_400_000, soon))).toMatchObject({
      light: "AMBER",
      reason: "REPORT_DUE_SOON",
    });
    expect(at(unfiled).light).toBe("GREEN"); // 15 days before
    expect(at(facts(), soon).light).toBe("GREEN");
  });
  it("red when this period's report is missing after its deadline", () => {
    const s = at(facts({ filed: { "2026-10": days(-20, oct) } }), days(1, nov));
    expect(s).toMatchObject({ light: "RED", reason: "REPORT_OVERDUE", missedPeriod: "2026-11" });
  });
  it("a task never reported stays red when the month rolls over (it was green on the 1st)", () => {
    const dec2 = new Date("2026-12-02T02:00:00Z");
    const never = facts({ filed: {} });
    expect(at(never, dec2)).toMatchObject({
      light: "RED",
      reason: "REPORT_OVERDUE",
      missedPeriod: "2026-11",
    });
    expect(reportState(at(never, dec2))).toBe("MISSING");
    // Filing December's report brings it up to date.
    const caughtUp = facts({ filed: { "2026-12": days(-1, dec2) } });
    expect(at(caughtUp, dec2).light).toBe("GREEN");
  });
  it("a task whose lead was assigned after the last deadline owes nothing for it", () => {
    const fresh = facts({ filed: {}, leadSince: days(-3) });
    expect(at(fresh)).toMatchObject({ light: "GREEN", missedPeriod: null });
    expect(at(facts({ filed: {}, leadSince: null }))).toMatchObject({
      light: "GREEN",
      current: { owed: false },
    });
  });
  it("a 受阻 (blocked) report is never green", () => {
    expect(at(facts({ status: "BLOCKED" }))).toMatchObject({ light: "AMBER", reason: "BLOCKED" });
    expect(at(facts({ status: "BLOCKED", dueDate: days(-1) })).light).toBe("RED");
  });
  it("a report dated after the moment is not known at that moment", () => {
    const future = facts({ filed: { "2026-10": days(-20, oct), "2026-11": days(5) } });
    expect(at(future).current.filed).toBe(false);
    expect(at(future, days(6)).current.filed).toBe(true);
  });
});

describe("figures of a set of tasks", () => {
  const list = (...f: TaskFacts[]) =>
    f.map((x) => ({ status: x.status, standing: at(x, new Date("2026-11-28T02:00:00Z")) }));
  it("on-time rate over the reports owed for the last closed period; 0 % for a unit that never reported, — when none was owed", () => {
    const when = new Date("2026-11-28T02:00:00Z");
    expect(currentPeriod(when)).toBe("2026-11");
    const never = figures(list(facts({ filed: {} }), facts({ filed: {} })), when, rules);
    expect(never).toMatchObject({
      owedLastPeriod: 2,
      onTimeLastPeriod: 0,
      missingLastPeriod: 2,
      onTimeRate: 0,
    });
    const late = facts({ filed: { "2026-11": days(1, nov) } });
    const mixed = figures(list(facts(), late), when, rules);
    expect(mixed).toMatchObject({
      lastPeriod: "2026-11",
      owedLastPeriod: 2,
      onTimeLastPeriod: 1,
      lateLastPeriod: 1,
      missingLastPeriod: 0,
      onTimeRate: 50,
    });
    const none = figures(list(facts({ leadSince: null, filed: {} })), when, rules);
    expect(none.onTimeRate).toBeNull();
  });
  it("completion rate: completed or closed over all; counts by light", () => {
    const f = figures(
      list(
        facts({ status: "COMPLETED" }),
        facts({ status: "CLOSED" }),
        facts(),
        facts({ status: "BLOCKED" }),
      ),
      new Date("2026-11-28T02:00:00Z"),
      rules,
    );
    expect(f).toMatchObject({ tasks: 4, done: 2, completionRate: 50, green: 1, amber: 1, red: 0 });
    expect(figures([], now, rules)).toMatchObject({
      tasks: 0,
      completionRate: null,
      onTimeRate: null,
    });
  });
});

describe("reporting periods (Asia/Shanghai)", () => {
  it("the period is the Shanghai month", () => {
    expect(currentPeriod(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12"); // 00:30 on 1 Dec in Shanghai
    expect(currentPeriod(new Date("2026-11-30T15:30:00Z"))).toBe("2026-11");
  });
  it("the deadline is the end of the report day, clamped to the month", () => {
    expect(nov.toISOString()).toBe("2026-11-25T15:59:59.999Z");
    expect(periodDeadline("2027-02", { cycle: "MONTHLY", reportDay: 31 }).toISOString()).toBe(
      "2027-02-28T15:59:59.999Z",
    );
    expect(previousPeriod("2026-01")).toBe("2025-12");
  });
});

describe("consecutive missed periods", () => {
  const deadline = (p: string) => periodDeadline(p, DEFAULT_CALENDAR);
  // 10 Nov: the last closed period is October.
  it("counts back from the last closed period while reports were owed and not on time", () => {
    expect(consecutiveMissedPeriods(facts(), now, rules)).toBe(0);
    const none = facts({ filed: {} });
    // Led since March: March to October, 8 periods missed.
    expect(consecutiveMissedPeriods(none, now, rules)).toBe(8);
    const sinceAugust = facts({ filed: {}, leadSince: new Date("2026-08-10T00:00:00+08:00") });
    expect(consecutiveMissedPeriods(sinceAugust, now, rules)).toBe(3); // Aug, Sep, Oct
  });
  it("a late report still missed its period; an on-time one ends the run", () => {
    const late = facts({
      filed: {
        "2026-07": days(-1, deadline("2026-07")),
        "2026-09": days(3, deadline("2026-09")),
        "2026-10": days(2, deadline("2026-10")),
      },
    });
    expect(consecutiveMissedPeriods(late, now, rules)).toBe(3); // Oct late, Sep late, Aug none
  });
  it("a task done now owed nothing it did not file", () => {
    expect(consecutiveMissedPeriods(facts({ status: "COMPLETED", filed: {} }), now, rules)).toBe(0);
  });
  it("after this period's deadline, this period is the first counted", () => {
    const after = new Date("2026-11-26T02:00:00Z");
    const f = facts({ filed: { "2026-10": days(-1, oct) } });
    expect(consecutiveMissedPeriods(f, after, rules)).toBe(1);
  });
});

describe("lights a supervising unit tunes (§8)", () => {
  const lagRules = standingRules(DEFAULT_CALENDAR, { progressLagPoints: 20 });
  // Led since 1 Mar, due end of 2027: on 10 Nov 2026 about 38 % of the time has passed.
  it("amber when progress lags elapsed time by more than N points, with the numbers", () => {
    const slow = taskStanding(facts({ percent: 10 }), now, lagRules);
    expect(slow).toMatchObject({ light: "AMBER", reason: "PROGRESS_LAG" });
    expect(slow.numbers).toMatchObject({ elapsedPercent: 38, percent: 10, lagPoints: 28 });
    expect(standingExplanation(slow).join("")).toContain(
      "时间已过38%，进度10%，落后28个百分点，超过20个百分点即为黄灯（默认）",
    );
    // 18 points behind is within 20; and without a threshold progress is not compared.
    expect(taskStanding(facts({ percent: 20 }), now, lagRules).light).toBe("GREEN");
    expect(at(facts({ percent: 0 })).light).toBe("GREEN");
  });
  it("a jurisdiction's supervising unit's thresholds apply to its tasks only", () => {
    const unit = { id: "u1", name: "商务厅" };
    const tuned = standingRules(DEFAULT_CALENDAR, {
      byJurisdiction: new Map([
        ["SC", { dueSoonDays: 420, reportDueSoonDays: 5, progressLagPoints: null, unit }],
      ]),
    });
    const sc = taskStanding(facts({ jurisdictionId: "SC" }), now, tuned);
    expect(sc).toMatchObject({ light: "AMBER", reason: "DUE_SOON", thresholds: { unit } });
    expect(taskStanding(facts({ jurisdictionId: "TJ" }), now, tuned).light).toBe("GREEN");
  });
  it("a reviewer's override sets the light until its expiry, and keeps what the rules say", () => {
    const override = {
      light: "GREEN" as const,
      reason: "已约谈",
      at: days(-2),
      expiresAt: days(3),
    };
    const red = facts({ filed: {}, override });
    const s = at(red);
    expect(s).toMatchObject({ light: "GREEN", reason: "OVERRIDE" });
    expect(s.computed).toEqual({ light: "RED", reason: "REPORT_OVERDUE" });
    expect(at(red, days(3)).reason).toBe("REPORT_OVERDUE"); // expired at that moment
    expect(at(red, days(-3)).reason).toBe("REPORT_OVERDUE"); // not yet made
    expect(at(facts({ filed: {}, override: { ...override, light: null } })).light).toBe("RED");
    // A closed task has no light to override.
    expect(at(facts({ status: "CLOSED", override })).light).toBeNull();
  });
});
