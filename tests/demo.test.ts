// The demo tells the truth: its history ends the moment it is seeded (no report dated after it),
// it has a reviewer per supervising unit, and a demo started again weeks later is filled in with
// the months since. With a fixed clock. The supervision cycle is in it too, relative to that day: a
// document's reporting cycle (its late reports 迟报), a light override, an evidence file, a ladder
// step taken and a milestone coming due.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidencePath } from "~/models/evidence.server";
import { reviewOverview } from "~/models/review.server";
import { lateReportIds, taskSlots } from "~/models/slots.server";
import { standingOf, rulesOf } from "~/models/standing.server";
import { supervisionScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { DEMO_CYCLE } from "~/seed/demo-cycle.server";
import { DEMO_REVIEWERS, fillDemoHistory, seedDemo } from "~/seed/demo.server";
import { DEMO_LEADER_EMAIL } from "~/seed/demo-leader.server";
import { instructionsOf } from "~/models/instruction.server";
import { seededDatabase } from "./helpers/fixtures";

// 2 December, 10:00 in Shanghai: the day a new user tried it (its reports were dated 12-15 … 12-22).
const seededAt = new Date("2026-12-02T02:00:00Z");

describe("demo data", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    // Evidence files are stored in the data folder: this test's own.
    process.env.DUBAN_DATA_DIR = f.dir;
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

  it("shows the supervision cycle: a document's cycle, an override, a file, a ladder step, a milestone", async () => {
    const before = { createdAt: { lte: seededAt } };
    // The document's own cycle: its demo lead reports (the 22nd) came after the 20th, 迟报.
    const doc = await f.db.document.findUniqueOrThrow({ where: { slug: DEMO_CYCLE.slug } });
    const cycle = await f.db.reportingCycle.findFirstOrThrow({
      where: { documentId: doc.id, ...before },
    });
    expect(JSON.parse(cycle.rule)).toEqual(DEMO_CYCLE.cycle);
    const reported = await f.db.progressReport.findFirstOrThrow({
      where: { task: { documentId: doc.id }, consolidated: true, period: "2026-11" },
    });
    expect(lateReportIds(f.db, reported.taskId).has(reported.id)).toBe(true);
    const slots = taskSlots(f.db, reported.taskId, seededAt)!;
    expect(slots.cycleText).toContain("20日");
    // A reviewer's override, in force on the seeding day, with its reason and expiry.
    const override = await f.db.lightOverride.findFirstOrThrow({ where: before });
    expect(override.expiresAt!.getTime()).toBeGreaterThan(seededAt.getTime());
    const index = taskIndex(f.db);
    const s = standingOf(index, index.get(override.taskId)!, seededAt, rulesOf(f.db));
    expect(s).toMatchObject({ light: "RED", reason: "OVERRIDE" });
    // An evidence file on a report, stored and received with it.
    const file = await f.db.evidenceFile.findFirstOrThrow({ where: before });
    expect(existsSync(evidencePath(file.sha256))).toBe(true);
    const report = await f.db.progressReport.findUniqueOrThrow({ where: { id: file.reportId } });
    expect(file.createdAt).toEqual(report.createdAt);
    expect(file.fileName).toMatch(/^【演示数据】.*\.pdf$/);
    // One ladder step taken, its trigger met, once (the job would find it taken).
    const step = await f.db.escalation.findFirstOrThrow({ where: before });
    const detail = JSON.parse(step.detail) as { value: number; threshold: number };
    expect(detail.value).toBeGreaterThanOrEqual(detail.threshold);
    expect(step.onceKey).toBe(`step:${step.stepId}:${step.taskId}`);
    // A milestone, set before the seeding day and due after it: the task's light looks at it.
    const milestone = await f.db.milestone.findFirstOrThrow({ where: before });
    expect(milestone.dueDate.getTime()).toBeGreaterThan(seededAt.getTime());
    const planned = standingOf(index, index.get(milestone.taskId)!, seededAt, rulesOf(f.db));
    expect(planned.milestone?.title).toBe(milestone.title);
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

  it("has a leader (分管领导) of 商务厅 with one instruction answered and one open, both before the seeding", async () => {
    const leader = await f.db.user.findUniqueOrThrow({
      where: { email: DEMO_LEADER_EMAIL },
      include: { unit: true },
    });
    expect([leader.role, leader.unit?.name, leader.isDemo]).toEqual(["LEADER", "商务厅", true]);
    const rows = await f.db.instruction.findMany({ orderBy: { createdAt: "asc" } });
    const views = await instructionsOf(
      f.db,
      rows.map((r) => r.taskId),
    );
    expect(views.map((v) => v.answered).sort()).toEqual([false, true]);
    expect(rows.every((r) => r.createdAt <= seededAt && r.leaderId === leader.id)).toBe(true);
    // On the timeline too, and the answer is a report of the task's lead unit filed after it.
    expect(await f.db.auditEvent.count({ where: { type: "instruction.written" } })).toBe(2);
    const answer = await f.db.instructionAnswer.findFirstOrThrow();
    const report = await f.db.progressReport.findUniqueOrThrow({ where: { id: answer.reportId } });
    const answered = views.find((v) => v.answered)!;
    expect(report.taskId).toBe(answered.taskId);
    expect(report.consolidated).toBe(true);
    expect(report.createdAt.getTime()).toBeGreaterThan(new Date(answered.createdAt).getTime());
  });

  it("the login page lists both demo reviewers and the leader", async () => {
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
    expect(html).toContain(DEMO_LEADER_EMAIL);
  });

  it("records a 联席会议 weeks before, whose decisions are tasks reported on since", async () => {
    const meeting = await f.db.meeting.findFirstOrThrow({
      where: { kind: "JOINT" },
      include: { document: { include: { tasks: { include: { assignments: true } } } } },
    });
    expect(meeting.minutesNumber).toMatch(/^〔2026〕\d+号$/);
    expect(meeting.heldOn.getTime()).toBeLessThan(seededAt.getTime() - 28 * 86_400_000);
    const tasks = meeting.document.tasks;
    expect(tasks.map((t) => t.sectionPath)).toEqual(["会议议定", "会议议定", "会议议定"]);
    for (const t of tasks) {
      expect(t.createdAt.getTime()).toBe(meeting.heldOn.getTime() + 17 * 3600_000);
      // Acknowledged by each unit the next working day: none waits for 签收.
      const acks = await f.db.acknowledgement.count({ where: { taskId: t.id } });
      expect(acks).toBe(t.assignments.length);
    }
    const reports = await f.db.progressReport.findMany({
      where: { taskId: { in: tasks.map((t) => t.id) } },
    });
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) expect(r.createdAt > tasks[0]!.createdAt).toBe(true);
    // One decision is overdue, one due within days, one later: the board shows each light.
    const sc = supervisionScope(taskIndex(f.db), (await f.unit("商务厅")).id);
    const o = await reviewOverview(f.db, { document: meeting.document.slug }, sc, seededAt);
    expect(o.counts.RED).toBe(1);
    expect(o.rows.length).toBe(3);
    // Seeding again records no second meeting.
    await seedDemo(f.db, seededAt);
    expect(await f.db.meeting.count()).toBe(1);
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
    // The lead of the task with the open instruction owes an answer: the demo does not report for it.
    const open = (
      await instructionsOf(
        f.db,
        (await f.db.instruction.findMany()).map((i) => i.taskId),
      )
    ).find((i) => !i.answered)!;
    expect(
      await f.db.progressReport.count({ where: { taskId: open.taskId, period: "2027-01" } }),
    ).toBe(0);
    // Running it again the same day adds nothing.
    expect(await fillDemoHistory(f.db, later)).toBe(0);
    expect((await seedDemo(f.db, later)).created).toBe(false);
  });
});
