// The demo tells the truth: its history ends the moment it is seeded (no report dated after it),
// it has a reviewer per supervising unit, and a demo started again weeks later is filled in with
// the months since. With a fixed clock.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewOverview } from "~/models/review.server";
import { supervisionScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { rollupData } from "../jobs/rollup";
import { DEMO_REVIEWERS, fillDemoHistory, seedDemo } from "~/seed/demo.server";
import { seededDatabase } from "./helpers/fixtures";

// 2 December, 10:00 in Shanghai: the day a new user tried it (its reports were dated 12-15 … 12-22).
const seededAt = new Date("2026-12-02T02:00:00Z");

describe("demo data", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
  });
  afterAll(() => f.cleanup());

  const latest = async () =>
    (await f.db.progressReport.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).createdAt;

  it("writes history up to the moment it is seeded, never after it", async () => {
    const demo = await seedDemo(f.db, seededAt);
    expect(demo.created).toBe(true);
    expect(demo.reports).toBeGreaterThan(100);
    expect((await latest()).getTime()).toBeLessThanOrEqual(seededAt.getTime());
    const events = await f.db.auditEvent.count({ where: { createdAt: { gt: seededAt } } });
    const seeding = await f.db.auditEvent.count({
      where: { createdAt: { gt: seededAt }, type: "task.seeded" },
    });
    expect(events).toBe(seeding); // only the test fixture's own seeding runs at the real clock
    // Some of this month's reports are in (the 1st has passed), none of them after today.
    expect(await f.db.progressReport.count({ where: { period: "2026-12" } })).toBeGreaterThan(0);
  });

  it("has held one earlier 联席会议 whose decisions are tasks, listed with their status in a pack", async () => {
    const meetings = await f.db.meeting.findMany({ include: { document: true } });
    expect(meetings).toHaveLength(1);
    const [m] = meetings;
    expect(m!.kind).toBe("JOINT");
    expect(m!.minutesNumber).toMatch(/^〔2026〕\d+号$/);
    expect(m!.attendees).toContain("联席会议办公室");
    // Held weeks before the seeding day and recorded after it was held, not when seeded.
    expect(m!.heldOn.getTime()).toBeLessThan(seededAt.getTime() - 30 * 86_400_000);
    expect(m!.createdAt.getTime()).toBeGreaterThan(m!.heldOn.getTime());
    expect(m!.createdAt.getTime()).toBeLessThanOrEqual(seededAt.getTime());
    const tasks = await f.db.task.findMany({
      where: { documentId: m!.documentId },
      include: { assignments: { include: { unit: true } } },
      orderBy: { position: "asc" },
    });
    expect(tasks).toHaveLength(3);
    expect(tasks.every((t) => t.sectionPath === "会议议定")).toBe(true);
    expect(tasks.map((t) => t.assignments.find((a) => a.role === "LEAD")?.unit.name)).toEqual([
      "商务厅",
      "自然资源厅",
      "财政厅",
    ]);
    expect(tasks.every((t) => t.assignments.some((a) => a.role === "CO"))).toBe(true);
    expect(tasks.map((t) => t.status)).toEqual(["COMPLETED", "IN_PROGRESS", "NOT_STARTED"]);
    const reports = await f.db.progressReport.findMany({
      where: { taskId: { in: tasks.map((t) => t.id) } },
    });
    expect(reports).toHaveLength(2);
    expect(reports.every((r) => r.createdAt > m!.heldOn && r.createdAt <= seededAt)).toBe(true);
    const scope = supervisionScope(taskIndex(f.db), (await f.unit("商务厅")).id);
    const pack = await rollupData(f.db, null, "2026-11", undefined, { scope, asOf: seededAt });
    const listed = pack.decisions!.filter((d) => d.meeting.includes(m!.minutesNumber));
    expect(listed.map((d) => [d.lead, d.status])).toEqual([
      ["商务厅", "已完成（办结）"],
      ["自然资源厅", "推进中"],
      ["财政厅", "未启动"],
    ]);
    // The third was due weeks ago and is still open: red on the board.
    expect(listed[2]!.light).toBe("红灯");
  });

  it("has a reviewer for each supervising unit, each seeing their own jurisdiction", async () => {
    const reviewers = await f.db.user.findMany({
      where: { role: "REVIEWER", isDemo: true },
      include: { unit: true },
      orderBy: { email: "asc" },
    });
    expect(reviewers.map((r) => [r.email, r.unit?.name])).toEqual(
      DEMO_REVIEWERS.map((d) => [d.email, d.unit]).sort(),
    );
    for (const r of reviewers) {
      const o = await reviewOverview(
        f.db,
        {},
        supervisionScope(taskIndex(f.db), r.unitId),
        seededAt,
      );
      expect(o.rows.length).toBeGreaterThan(0);
    }
  });

  it("the login page lists both demo reviewers", async () => {
    process.env.DATABASE_URL = `file:${f.file}`;
    process.env.DUBAN_DATA_DIR = f.dir;
    const build = (await import(
      pathToFileURL(path.resolve(__dirname, "../build/index.js")).href
    )) as ServerBuild;
    const res = await createRequestHandler(
      build,
      "production",
    )(new Request("http://localhost/login"));
    const html = await res.text();
    for (const d of DEMO_REVIEWERS) expect(html).toContain(d.email);
  });

  it("a demo started again six weeks later is filled in with the months since, up to that day", async () => {
    const later = new Date("2027-01-15T02:00:00Z");
    const before = await f.db.progressReport.count();
    const added = await fillDemoHistory(f.db, later);
    expect(added).toBeGreaterThan(50);
    expect(await f.db.progressReport.count()).toBe(before + added);
    expect((await latest()).getTime()).toBeLessThanOrEqual(later.getTime());
    expect(await f.db.progressReport.count({ where: { period: "2027-01" } })).toBeGreaterThan(0);
    // Alive: most open demo tasks have reported for December, so the board is not all red.
    const sc = supervisionScope(taskIndex(f.db), (await f.unit("商务厅")).id);
    const o = await reviewOverview(f.db, { document: "sc-2023-trade-power-draft" }, sc, later);
    expect(o.counts.GREEN + o.counts.AMBER).toBeGreaterThan(o.counts.RED);
    // Running it again the same day adds nothing.
    expect(await fillDemoHistory(f.db, later)).toBe(0);
    expect((await seedDemo(f.db, later)).created).toBe(false);
  });
});
