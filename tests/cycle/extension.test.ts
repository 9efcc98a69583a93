// Extensions (延期申请) through the real server: the lead asks before the due date with a reason
// (errors by the field; a co-unit is refused), the reviewer sees it and decides with a note; an
// approved one moves the due date in force on the page, the board and the lights — the original
// recorded — and the lead unit is told; the reviewers' digest lists requests and decisions. The
// rule: an extension granted after the deadline it moves does not make the task on time.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { reviewBoard } from "~/models/review.server";
import { DEFAULT_CALENDAR } from "~/models/reporting-period";
import { effectiveDueDate, standingRules, taskStanding, type TaskFacts } from "~/models/standing";
import { supervisionScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { reviewerDigest } from "../../jobs/digest";
import { seededDatabase } from "../helpers/fixtures";
import { pageClient } from "../helpers/pages";
import { startServer } from "../helpers/server";

const d = (s: string) => new Date(s);

describe("the effective due date", () => {
  const due = d("2026-06-30T15:59:59.999Z");
  const moved = d("2026-09-30T15:59:59.999Z");
  it("moves with an extension granted before the deadline, not with one granted after it", () => {
    const before = {
      originalDate: due,
      requestedDate: moved,
      decidedAt: d("2026-06-20T02:00:00Z"),
    };
    const after = { originalDate: due, requestedDate: moved, decidedAt: d("2026-07-05T02:00:00Z") };
    expect(effectiveDueDate(due, [before])).toEqual(moved);
    expect(effectiveDueDate(due, [after])).toEqual(due);
    expect(effectiveDueDate(due, [])).toEqual(due);
    const rules = standingRules(DEFAULT_CALENDAR);
    const facts = (extensions: TaskFacts["extensions"]): TaskFacts => ({
      status: "IN_PROGRESS",
      dueDate: due,
      leadSince: null,
      filedAt: () => null,
      extensions,
    });
    const now = d("2026-07-10T02:00:00Z");
    expect(taskStanding(facts([before]), now, rules)).toMatchObject({
      dueDate: moved,
      daysOverdue: 0,
      light: "GREEN",
    });
    expect(taskStanding(facts([after]), now, rules)).toMatchObject({
      dueDate: due,
      light: "RED",
      reason: "OVERDUE",
      daysOverdue: 10,
    });
  });
});

const PASSWORD = "password-for-extensions";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let pages: ReturnType<typeof pageClient>;
let taskId = "";

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: string, unit: string) =>
    f.db.user.create({
      data: {
        email: `${who}@ext.test`,
        name: who,
        role,
        passwordHash,
        unitId: (await f.unit(unit)).id,
      },
    });
  await mk("lead", "LIAISON", "商务厅");
  await mk("co", "LIAISON", "财政厅");
  await mk("reviewer", "REVIEWER", "商务厅");
  const task = await f.task("sc-2023-trade-power-draft", "二.2"); // 商务厅 leads, 财政厅 co-owns
  taskId = task.id;
  // Due at the end of next March: an extension is still possible.
  await f.db.task.update({
    where: { id: taskId },
    data: { dueDate: d("2027-03-31T15:59:59.999Z") },
  });
  const started = await startServer(f.file, f.dir, { REDIS_URL: "" });
  server = started.server;
  pages = pageClient(started.base);
  for (const who of ["lead", "co", "reviewer"])
    await pages.signIn(who, `${who}@ext.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("extension requests", () => {
  it("the lead may ask; a co-unit may not; the reason and a later date are required", async () => {
    expect((await pages.get(`/tasks/${taskId}`, "lead")).html).toContain("申请延期");
    expect((await pages.get(`/tasks/${taskId}`, "co")).html).not.toContain("提交延期申请");
    const co = await pages.post(`/tasks/${taskId}?index`, "co", {
      intent: "requestExtension",
      requestedDate: "2027-06-30",
      reason: "配合",
    });
    expect(co.status).toBe(403);
    const noReason = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "requestExtension",
      requestedDate: "2027-06-30",
      reason: "",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("请填写延期理由");
    expect(noReason.html).toContain('value="2027-06-30"'); // input kept
    const earlier = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "requestExtension",
      requestedDate: "2027-01-31",
      reason: "提前",
    });
    expect(earlier.status).toBe(409);
    expect(earlier.html).toContain("申请延至的日期应晚于现完成时限");
    expect(await f.db.extensionRequest.count()).toBe(0);
  });

  it("a request waits for the reviewer, on the timeline and in the digest", async () => {
    const r = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "requestExtension",
      requestedDate: "2027-06-30",
      reason: "配套资金下达推迟",
    });
    expect(r.status).toBe(200);
    const row = await f.db.extensionRequest.findFirstOrThrow({ where: { taskId } });
    expect(row).toMatchObject({ status: "PENDING", reason: "配套资金下达推迟" });
    const lead = await pages.get(`/tasks/${taskId}`, "lead");
    expect(lead.html).toContain("延期申请待审核：申请延至 2027-06-30");
    expect(lead.html).not.toContain("提交延期申请"); // one at a time
    const reviewer = await pages.get(`/tasks/${taskId}`, "reviewer");
    expect(reviewer.html).toContain("批准延期");
    expect(reviewer.html).toContain("牵头单位申请延期");
    const supervisor = (await f.unit("商务厅")).id;
    const digest = await reviewerDigest(f.db, supervisor, new Date(), d("2026-01-01T00:00:00Z"));
    expect(digest.extensions).toMatchObject([
      { taskId, status: "PENDING", originalDate: "2027-03-31", requestedDate: "2027-06-30" },
    ]);
  });

  it("approved, it moves the due date in force (the original kept) and tells the lead unit", async () => {
    const byLead = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "decideExtension",
      requestId: (await f.db.extensionRequest.findFirstOrThrow()).id,
      decision: "APPROVE",
    });
    expect(byLead.status).toBe(403);
    const request = await f.db.extensionRequest.findFirstOrThrow();
    const r = await pages.post(`/tasks/${taskId}?index`, "reviewer", {
      intent: "decideExtension",
      requestId: request.id,
      decision: "APPROVE",
      note: "同意，请抓紧推进",
    });
    expect(r.status).toBe(200);
    expect(await f.db.extensionRequest.findFirstOrThrow()).toMatchObject({
      status: "APPROVED",
      note: "同意，请抓紧推进",
    });
    // The task's own date is the original.
    expect((await f.db.task.findUniqueOrThrow({ where: { id: taskId } })).dueDate).toEqual(
      d("2027-03-31T15:59:59.999Z"),
    );
    const page = await pages.get(`/tasks/${taskId}`, "lead");
    expect(page.html).toContain("<strong>2027-06-30</strong>");
    expect(page.html).toContain("经批准延期；原定 2027-03-31");
    expect(page.html).toContain("督办部门批准延期");
    const board = await reviewBoard(
      f.db,
      {},
      supervisionScope(taskIndex(f.db), (await f.unit("商务厅")).id),
    );
    expect(board.all.find((x) => x.id === taskId)?.dueDate).toEqual(d("2027-06-30T15:59:59.999Z"));
    const mail = await f.db.email.findMany({ where: { kind: "NOTICE" }, include: { body: true } });
    expect(mail.map((m) => m.toAddress)).toEqual(["lead@ext.test"]);
    expect(mail[0]!.body.text).toContain("完成时限由 2027-03-31 延至 2027-06-30");
    const again = await pages.post(`/tasks/${taskId}?index`, "reviewer", {
      intent: "decideExtension",
      requestId: request.id,
      decision: "REFUSE",
    });
    expect(again.status).toBe(409);
  });

  it("a second request, refused, leaves the date as it is", async () => {
    await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "requestExtension",
      requestedDate: "2027-12-31",
      reason: "再延",
    });
    const second = await f.db.extensionRequest.findFirstOrThrow({ where: { status: "PENDING" } });
    expect(second.originalDate).toEqual(d("2027-06-30T15:59:59.999Z")); // from the date in force
    await pages.post(`/tasks/${taskId}?index`, "reviewer", {
      intent: "decideExtension",
      requestId: second.id,
      decision: "REFUSE",
      note: "不同意再次延期",
    });
    const page = await pages.get(`/tasks/${taskId}`, "lead");
    expect(page.html).toContain("<strong>2027-06-30</strong>");
    expect(page.html).toContain("督办部门不予批准延期");
  });
});
