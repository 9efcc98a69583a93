// Acknowledgement (签收) through the real server: the seeded baseline counts as acknowledged; a
// reviewer's new assignment waits for the unit, listed on its /my and the reviewers' board; after
// 3 working days (the National Day week and its make-up Saturday counted) it is 领办逾期 and in the
// unit's reminder; a liaison of the unit acknowledges it (who and when on the timeline), another
// unit's liaison is refused; the number of working days is a setting. An assignment made again
// (removed and assigned anew, or its role changed) waits for a new acknowledgement.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { setAcknowledgeWithin } from "~/models/acknowledgement.server";
import { acknowledgementDeadline, acknowledgementState } from "~/models/standing";
import { shanghaiDate } from "~/utils/time";
import { planReminders } from "../../jobs/reminders";
import { seededDatabase } from "../helpers/fixtures";
import { pageClient } from "../helpers/pages";
import { startServer } from "../helpers/server";

const PASSWORD = "password-for-acknowledgement";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let pages: ReturnType<typeof pageClient>;
let taskId = "";
let unitId = "";

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: string, unit: string) =>
    f.db.user.create({
      data: {
        email: `${who}@ack.test`,
        name: who,
        role,
        passwordHash,
        unitId: (await f.unit(unit)).id,
      },
    });
  await mk("customs", "LIAISON", "科技厅");
  await mk("other", "LIAISON", "司法厅");
  await mk("reviewer", "REVIEWER", "商务厅");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id;
  unitId = (await f.unit("科技厅")).id;
  const started = await startServer(f.file, f.dir, { REDIS_URL: "" });
  server = started.server;
  pages = pageClient(started.base);
  for (const who of ["customs", "other", "reviewer"])
    await pages.signIn(who, `${who}@ack.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("the rule, in working days", () => {
  it("3 working days after the eve of National Day is the make-up Saturday 10月10日", () => {
    // 2026: 10月1日–7日 off, 10月10日 (Saturday) worked (国办发明电〔2025〕7号).
    const at = new Date("2026-09-30T10:00:00+08:00");
    expect(shanghaiDate(acknowledgementDeadline(at, 3))).toBe("2026-10-10");
    const state = (now: string) =>
      acknowledgementState({ assignedAt: at, acknowledgedAt: null }, new Date(now), 3);
    expect(state("2026-10-10T23:00:00+08:00").late).toBe(false);
    expect(state("2026-10-11T09:00:00+08:00")).toMatchObject({ late: true, workingDaysLate: 1 });
    expect(state("2026-10-13T09:00:00+08:00")).toMatchObject({ late: true, workingDaysLate: 2 });
  });
});

describe("acknowledgement", () => {
  it("counts the first seeding's assignments as acknowledged", async () => {
    expect(await f.db.acknowledgement.count()).toBe(
      await f.db.assignment.count({ where: { removedAt: null } }),
    );
    expect(await f.db.acknowledgement.count({ where: { userId: { not: null } } })).toBe(0);
    expect((await pages.get("/review", "reviewer")).html).toContain("待签收（0）");
  });

  it("a reviewer's new assignment waits for the unit: on its /my, the board and the task page", async () => {
    const r = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "assign",
      unitId,
      role: "CO",
    });
    expect(r.status).toBe(200);
    const my = await pages.get("/my", "customs");
    expect(my.html).toContain("待签收（1）");
    expect(my.html).toContain(`action="/tasks/${taskId}?index"`);
    expect((await pages.get("/review", "reviewer")).html).toContain("待签收（1）");
    const page = await pages.get(`/tasks/${taskId}`, "customs");
    expect(page.html).toContain("此任务已交办贵单位（配合）");
    expect(page.html).toContain("待签收");
  });

  it("after 3 working days it is 领办逾期, in the unit's reminder and flagged for reviewers", async () => {
    // Assigned on Friday 20 November: due by Wednesday the 25th.
    await f.db.assignment.updateMany({
      where: { taskId, unitId },
      data: { createdAt: new Date("2026-11-20T10:00:00+08:00") },
    });
    const review = await pages.get("/review", "reviewer");
    expect(review.html).toContain("其中领办逾期 1 项");
    expect(review.html).toMatch(/2026-11-25<span class="light RED"> 领办逾期\d+个工作日/);
    const plan = await planReminders(f.db, "2026-11-26", {
      now: new Date("2026-11-26T09:00:00+08:00"),
    });
    const mine = plan.reminders.find((x) => x.email === "customs@ack.test");
    expect(mine?.items.map((i) => i.reason)).toContain(
      "领办逾期：应于 2026-11-25 前签收，已逾期 1 个工作日",
    );
    const before = await planReminders(f.db, "2026-11-25", {
      now: new Date("2026-11-25T09:00:00+08:00"),
    });
    expect(
      before.reminders
        .find((x) => x.email === "customs@ack.test")
        ?.items.some((i) => i.reason.startsWith("领办逾期")) ?? false,
    ).toBe(false);
    // Ten working days allowed: not late any more.
    const admin = await f.user("ADMIN", null);
    await setAcknowledgeWithin(f.db, 10, admin.id);
    expect((await pages.get("/review", "reviewer")).html).not.toContain("其中领办逾期");
    await setAcknowledgeWithin(f.db, 3, admin.id);
  });

  it("another unit's liaison may not acknowledge; the unit's liaison does, and it is on the timeline", async () => {
    const refused = await pages.post(`/tasks/${taskId}?index`, "other", { intent: "acknowledge" });
    expect(refused.status).toBe(403);
    const ok = await pages.post(`/tasks/${taskId}?index`, "customs", { intent: "acknowledge" });
    expect(ok.status).toBe(200);
    const row = await f.db.acknowledgement.findFirstOrThrow({
      where: { taskId, unitId },
      include: {},
    });
    expect(row.userId).toBe(
      (await f.db.user.findUniqueOrThrow({ where: { email: "customs@ack.test" } })).id,
    );
    const page = await pages.get(`/tasks/${taskId}`, "reviewer");
    expect(page.html).toContain("责任单位签收");
    expect(page.html).toMatch(/科技厅（配合），领办逾期 \d+ 个工作日/);
    expect((await pages.get("/my", "customs")).html).not.toContain("待签收（");
    expect((await pages.get("/review", "reviewer")).html).toContain("待签收（0）");
    // Once is enough: a second acknowledgement writes nothing.
    await pages.post(`/tasks/${taskId}?index`, "customs", { intent: "acknowledge" });
    expect(await f.db.acknowledgement.count({ where: { taskId, unitId } })).toBe(1);
  });

  it("an assignment made again — removed and re-assigned, or its role changed — needs a new 签收", async () => {
    const assignment = await f.db.assignment.findFirstOrThrow({ where: { taskId, unitId } });
    const first = await f.db.acknowledgement.findFirstOrThrow({ where: { taskId, unitId } });
    // The same unit in the same role again: nothing new to acknowledge.
    await pages.post(`/tasks/${taskId}`, "reviewer", { intent: "assign", unitId, role: "CO" });
    expect((await f.db.acknowledgement.findFirstOrThrow({ where: { taskId, unitId } })).id).toBe(
      first.id,
    );
    // Removed, then assigned again: waits for the unit, counted from the re-making.
    const removed = await pages.post(`/tasks/${taskId}`, "reviewer", {
      intent: "removeAssignment",
      assignmentId: assignment.id,
    });
    expect(removed.status).toBe(200);
    const before = Date.now();
    await pages.post(`/tasks/${taskId}`, "reviewer", { intent: "assign", unitId, role: "CO" });
    expect(await f.db.acknowledgement.count({ where: { taskId, unitId } })).toBe(0);
    const again = await f.db.assignment.findUniqueOrThrow({ where: { id: assignment.id } });
    expect(again.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await pages.get("/my", "customs")).html).toContain("待签收（1）");
    expect((await pages.get("/review", "reviewer")).html).toContain("待签收（1）");
    await pages.post(`/tasks/${taskId}?index`, "customs", { intent: "acknowledge" });
    expect(await f.db.acknowledgement.count({ where: { taskId, unitId } })).toBe(1);
    expect((await pages.get("/my", "customs")).html).not.toContain("待签收（");
    // Made the lead: another assignment, acknowledged anew.
    await pages.post(`/tasks/${taskId}`, "reviewer", { intent: "assign", unitId, role: "LEAD" });
    expect(await f.db.acknowledgement.count({ where: { taskId, unitId } })).toBe(0);
    const my = (await pages.get("/my", "customs")).html;
    expect(my).toContain("待签收（1）");
    const page = (await pages.get(`/tasks/${taskId}`, "customs")).html;
    expect(page).toContain("此任务已交办贵单位（牵头）");
    await pages.post(`/tasks/${taskId}?index`, "customs", { intent: "acknowledge" });
    // Each 签收 stays on the timeline: the first, after re-assignment, and as the lead.
    const events = await f.db.auditEvent.count({
      where: { taskId, type: "assignment.acknowledged" },
    });
    expect(events).toBe(3);
  });
});
