// The review: lights and lists over the seeded documents at a fixed date, search, and actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import {
  assignUnit,
  closeOut,
  removeAssignment,
  reopen,
  reviewBoard,
  reviewOverview,
  searchTaskIds,
  setDueDate,
  urge,
} from "~/models/review.server";
import { supervisionScope, type TaskScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { seededDatabase } from "./helpers/fixtures";

const now = new Date("2026-11-21T04:00:00Z"); // 12:00 on the 21st in Shanghai: 4.5 days before the 25th deadline

describe("review overview", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let reviewer: string;
  // What 商务厅 supervises (四川省) and what 市商务局 does (天津市).
  let sc: TaskScope;
  let tj: TaskScope;
  beforeAll(async () => {
    f = await seededDatabase();
    reviewer = (await f.user("REVIEWER", "商务厅")).id;
    sc = supervisionScope(taskIndex(f.db), (await f.unit("商务厅")).id);
    tj = supervisionScope(taskIndex(f.db), (await f.unit("市商务局", "TJ")).id);
  });
  afterAll(() => f.cleanup());

  it("counts lights over what 商务厅 supervises: 四川省's tasks, the adopted national measures among them", async () => {
    const o = await reviewOverview(f.db, {}, sc, now);
    // Due 2020 (the 2016 opinions and, as adopted by 四川省, the State Council's) or 2025 (the
    // 2020 base document): red. 2023 draft, due 2027: its 21 led measures owe this period's
    // report within 5 days → amber; its 3 unassigned measures owe no report → green.
    expect(o.counts).toEqual({ RED: 20 + 30 + 9, AMBER: 21, GREEN: 3, NONE: 0 });
    expect(o.unassigned).toHaveLength(30 + 9 + 3);
    expect(o.deadlinePassed).toBe(false);
    // 市商务局's board: Tianjin's 22 measures and its own copy of the 30 national ones, no more.
    const t = await reviewOverview(f.db, {}, tj, now);
    expect(t.counts).toEqual({ RED: 22 + 30, AMBER: 0, GREEN: 0, NONE: 0 });
    expect(t.unassigned).toHaveLength(30);
  });
  it("groups overdue tasks by today's lead unit, with days overdue", async () => {
    const o = await reviewOverview(f.db, {}, sc, now);
    const econ = o.overdue.find((g) => g.unit.name === "经济和信息化厅");
    expect(econ?.tasks.map((t) => t.ref)).toEqual(["二.(二).1"]); // led as 省经济和信息化委 in 2016
    // Due by the end of 2020-12-31; on 2026-11-21 that is 2151 days (a started day counts).
    expect(econ?.tasks[0]?.daysOverdue).toBe(2151);
    expect(o.overdue.find((g) => g.unit.name === "市商务局")).toBeUndefined(); // not 商务厅's
    const t = await reviewOverview(f.db, {}, tj, now);
    const commerceTj = t.overdue.find((g) => g.unit.name === "市商务局");
    expect(commerceTj?.tasks.length).toBe(14); // 市商务委 leads 14 of the 22 Tianjin measures
  });
  it("lists one lead unit's overdue tasks, longest overdue first (the link from the per-unit summary)", async () => {
    const o = await reviewOverview(f.db, {}, tj, now);
    const group = o.overdue.find((g) => g.unit.name === "市商务局")!;
    const board = await reviewBoard(f.db, { lead: group.unit.id, overdue: true }, tj, now);
    expect(board.rows.map((r) => r.id).sort()).toEqual(group.tasks.map((t) => t.id).sort());
    expect(board.rows.every((r) => r.leadUnits.includes(group.unit.id) && r.daysOverdue > 0)).toBe(
      true,
    );
    const days = board.rows.map((r) => r.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const unreported = await reviewBoard(
      f.db,
      { document: "sc-2023-trade-power-draft", unreported: true },
      sc,
      now,
    );
    expect(unreported.rows.every((r) => r.report === "MISSING")).toBe(true);
    expect(unreported.rows).toHaveLength(21); // the draft's 21 led measures, none reported yet
  });
  it("lists units that have not reported this period, and drops them once they do", async () => {
    const before = await reviewOverview(f.db, { document: "sc-2023-trade-power-draft" }, sc, now);
    // By every lead unit, as per-unit figures count: 商务厅 leads 18 of the draft's 21 measures,
    // alone or jointly (it is listed first in 11).
    const commerce = before.missedReports.find((m) => m.unit.name === "商务厅")!;
    expect(commerce.count).toBe(18);
    const task = await f.task("sc-2023-trade-power-draft", "四.8");
    const liaison = await f.user("LIAISON", "商务厅");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: liaison.unitId!,
      authorId: liaison.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 10,
        progress: "碳足迹核算试点启动",
        problems: "",
        nextSteps: "",
        coordination: "需协调统计口径",
        baseReportId: "",
      },
      now: new Date("2026-11-20T02:00:00Z"),
    });
    const after = await reviewOverview(f.db, { document: "sc-2023-trade-power-draft" }, sc, now);
    expect(after.missedReports.find((m) => m.unit.name === "商务厅")!.count).toBe(17);
    expect(after.rows.find((r) => r.ref === "四.8")).toMatchObject({
      light: "GREEN",
      report: "FILED",
    });
    const red = await reviewOverview(
      f.db,
      { document: "sc-2023-trade-power-draft", light: "RED" },
      sc,
      new Date("2026-11-26T04:00:00Z"),
    );
    expect(red.rows).toHaveLength(20); // every led task without this period's report, after the 25th
  });
  it("searches task text and report text in Chinese", async () => {
    const byText = await searchTaskIds(f.db, "跨境电子商务");
    const tasks = await f.db.task.findMany({
      where: { id: { in: byText } },
      select: { ref: true },
    });
    expect(tasks.map((t) => t.ref)).toContain("二.(四).3");
    const byReport = await searchTaskIds(f.db, "碳足迹核算试点");
    expect(byReport).toEqual([(await f.task("sc-2023-trade-power-draft", "四.8")).id]);
    // Two characters: below the trigram length, answered by LIKE.
    expect((await searchTaskIds(f.db, "口径")).length).toBeGreaterThan(0);
    expect(await searchTaskIds(f.db, "没有这种说法的文字")).toEqual([]);
    expect(await searchTaskIds(f.db, 'a"b OR c')).toEqual([]); // quotes and operators are literal
  });
  it("close out and reopen: the status returns to the lead's last report", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "四.8");
    await closeOut(f.db, task.id, "经审核已办结", reviewer);
    expect((await f.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("CLOSED");
    await reopen(f.db, task.id, "需补充材料", reviewer);
    expect(await f.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "IN_PROGRESS",
      closedAt: null,
    });
    const types = (
      await f.db.auditEvent.findMany({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } })
    ).map((e) => e.type);
    // (The fixture's report is dated before the seeding this run did: compare without order.)
    expect(types.sort()).toEqual(
      ["task.seeded", "report.consolidated", "task.closed", "task.reopened"].sort(),
    );
  });
  it("assigns an unassigned task, sets its due date, urges, and removes without deleting", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "八.22");
    const commerce = await f.unit("商务厅");
    await assignUnit(f.db, task.id, commerce.id, "LEAD", reviewer);
    await setDueDate(f.db, task.id, "2027-06-30", reviewer);
    await urge(f.db, task.id, "请于月底前报送", reviewer);
    const o = await reviewOverview(f.db, { document: "sc-2023-trade-power-draft" }, sc, now);
    expect(o.unassigned.map((t) => t.ref)).not.toContain("八.22");
    const saved = await f.db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { assignments: true },
    });
    expect(saved).toMatchObject({
      dueDateSource: "MANUAL",
      dueDate: new Date("2027-06-30T15:59:59.999Z"),
    });
    // The timeline names the old date as well as the new one; a second change names the first.
    await setDueDate(f.db, task.id, "2027-09-30", reviewer);
    const dueEvents = await f.db.auditEvent.findMany({
      where: { taskId: task.id, type: "task.due_date_set" },
      orderBy: { createdAt: "asc" },
    });
    expect(dueEvents.map((e) => JSON.parse(e.payload))).toEqual([
      { dueDate: "2027-06-30", previous: "2027-12-31" },
      { dueDate: "2027-09-30", previous: "2027-06-30" },
    ]);
    expect(saved.assignments[0]).toMatchObject({
      role: "LEAD",
      source: "MANUAL",
      createdById: reviewer,
    });
    await removeAssignment(f.db, task.id, saved.assignments[0]!.id, reviewer);
    expect(
      (await f.db.assignment.findUniqueOrThrow({ where: { id: saved.assignments[0]!.id } }))
        .removedAt,
    ).not.toBeNull();
    const urged = await f.db.auditEvent.findFirstOrThrow({
      where: { taskId: task.id, type: "task.urged" },
    });
    expect(JSON.parse(urged.payload)).toMatchObject({
      message: "请于月底前报送",
      units: ["商务厅"],
    });
  });
});
