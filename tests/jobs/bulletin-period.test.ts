// A pack's bulletin (督办通报) for a chosen closed period, not only the last one: the periods
// offered are bounded (the last closed one back to the first lead assignment, at most a year),
// the form refuses any other, and the bulletin's figures are standing.ts's as of the moment that
// period was still the last closed one — the same figuresOf / consecutiveMissedPeriods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packRequestSchema } from "~/forms/pack-form";
import { periodDeadline } from "~/models/reporting-period";
import { submitReport } from "~/models/report.server";
import { BULLETIN_PERIODS, closedPeriodMoment, closedPeriods } from "~/models/standing";
import { bulletinPeriods, figuresOf, rulesOf } from "~/models/standing.server";
import { reviewBoard } from "~/models/review.server";
import { taskIndex } from "~/models/task-index.server";
import { buildRollup, type RollupData } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";

const NOW = new Date("2027-01-10T02:00:00Z"); // December's deadline (25th) has passed
const MONTHLY = { cycle: "MONTHLY", reportDay: 25 } as const;

describe("closed periods and their moments (standing.ts)", () => {
  it("offers the last closed period back to the first assignment, at most a year", () => {
    expect(closedPeriods(NOW, MONTHLY, new Date("2026-11-01T00:00:00+08:00"))).toEqual([
      "2026-12",
      "2026-11",
    ]);
    const years = closedPeriods(NOW, MONTHLY, new Date("2016-01-01T00:00:00+08:00"));
    expect(years).toHaveLength(BULLETIN_PERIODS);
    expect(years[0]).toBe("2026-12");
    expect(years.at(-1)).toBe("2026-01");
    // Before the 25th, December is not closed yet.
    expect(closedPeriods(new Date("2026-12-20T02:00:00Z"), MONTHLY, null)[0]).toBe("2026-11");
  });

  it("takes an earlier period's figures just before the next period closes, never after now", () => {
    expect(closedPeriodMoment("2026-12", NOW, MONTHLY)).toEqual(NOW);
    expect(closedPeriodMoment("2026-11", NOW, MONTHLY)).toEqual(periodDeadline("2026-12", MONTHLY));
    expect(closedPeriodMoment("2027-01", NOW, MONTHLY)).toBeNull();
  });

  it("the pack form takes only an offered period", () => {
    const schema = packRequestSchema(["2026-12", "2026-11"]);
    expect(schema.safeParse({ period: "2026-11" }).success).toBe(true);
    for (const period of ["2027-01", "2025-11", "2026-11' OR 1", "x".repeat(500)]) {
      const r = schema.safeParse({ period });
      expect(r.success, period).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["period"]);
    }
  });
});

describe("a pack's bulletin for a chosen period", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let taskId: string;
  const bulletinOf = async (period: string) => {
    const report = await f.db.rollupReport.create({ data: { period } });
    await buildRollup(f.db, report.id, undefined, { now: NOW });
    const row = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    return (JSON.parse(row.data!) as RollupData).bulletin!;
  };
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    taskId = task.id;
    const commerce = await f.user("LIAISON", "商务厅");
    // November's report on time; December's never filed.
    await submitReport(f.db, {
      taskId,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 30,
        progress: "跨境电商产业园建设启动",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      now: new Date("2026-11-18T03:00:00Z"),
    });
  }, 60_000);
  afterAll(() => f.cleanup());

  it("offers the seeded database's closed periods", async () => {
    expect(await bulletinPeriods(f.db, NOW)).toEqual(["2026-12", "2026-11"]);
  });

  it("is about the chosen period, with standing.ts's figures as of then", async () => {
    const nov = await bulletinOf("2026-11");
    const dec = await bulletinOf("2026-12");
    expect(nov.period).toBe("2026-11");
    expect(dec.period).toBe("2026-12");
    expect(new Date(nov.asOf)).toEqual(periodDeadline("2026-12", MONTHLY));
    expect(new Date(dec.asOf)).toEqual(NOW);
    // The one November report on time; none in December.
    expect(nov.figures.onTimeLastPeriod).toBe(1);
    expect(dec.figures.onTimeLastPeriod).toBe(0);
    // The same numbers the board's figures give at those moments.
    const index = taskIndex(f.db);
    for (const b of [nov, dec]) {
      const board = await reviewBoard(f.db, {}, { kind: "all" }, new Date(b.asOf));
      const tasks = board.all.map((r) => r.task);
      const direct = figuresOf(index, tasks, new Date(b.asOf), rulesOf(f.db));
      expect(b.figures.lastPeriod).toBe(b.period);
      expect(b.figures.owedLastPeriod).toBe(direct.owedLastPeriod);
      expect(b.figures.onTimeLastPeriod).toBe(direct.onTimeLastPeriod);
    }
    // 商务厅 filed November on time for 四.6 and nothing else: December misses one more report,
    // and its other tasks have missed one more period in a row.
    const unit = (b: typeof nov) => [...b.missing, ...b.praised].find((u) => u.unit === "商务厅")!;
    expect(unit(dec).missing).toBe(unit(nov).missing + 1);
    expect(unit(dec).consecutiveMissed).toBe(unit(nov).consecutiveMissed + 1);
  }, 120_000);
});
