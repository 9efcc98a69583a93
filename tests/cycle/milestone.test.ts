// Milestones (节点) through the real server: the lead splits a task (errors by the field; a
// co-unit is refused), a report names the milestone it advances, the nearest open milestone sets
// the light (临近节点时限, then 节点已逾期 once a reviewer moves it into the past) and the lead's
// reminder; the lead completes it and the light follows the task again. A milestone gets its own
// extension (延期申请): decided by a reviewer, it moves the milestone's date in force (the original
// kept), which the light then goes by.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { shanghaiDate } from "~/utils/time";
import { reviewerDigest } from "../../jobs/digest";
import { planReminders } from "../../jobs/reminders";
import { seededDatabase } from "../helpers/fixtures";
import { pageClient, reportFields } from "../helpers/pages";
import { startServer } from "../helpers/server";

const PASSWORD = "password-for-milestones";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let pages: ReturnType<typeof pageClient>;
let taskId = "";
const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * DAY));
const month = () => day(0).slice(0, 7);

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: string, unit: string) =>
    f.db.user.create({
      data: {
        email: `${who}@ms.test`,
        name: who,
        role,
        passwordHash,
        unitId: (await f.unit(unit)).id,
      },
    });
  await mk("lead", "LIAISON", "商务厅");
  await mk("co", "LIAISON", "财政厅");
  await mk("reviewer", "REVIEWER", "商务厅");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id;
  const started = await startServer(f.file, f.dir, { REDIS_URL: "" });
  server = started.server;
  pages = pageClient(started.base);
  for (const who of ["lead", "co", "reviewer"]) await pages.signIn(who, `${who}@ms.test`, PASSWORD);
  // This period's report filed: the light is the milestones' to set.
  await pages.post(`/tasks/${taskId}/report`, "lead", reportFields({ period: month() }));
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

const light = async () => {
  const html = (await pages.get(`/tasks/${taskId}`, "reviewer")).html;
  return html.match(/<dd class="standing">(.*?)<\/dd>/)?.[1] ?? "";
};

describe("milestones", () => {
  it("the lead splits the task; a co-unit may not; the title is required", async () => {
    const co = await pages.post(`/tasks/${taskId}?index`, "co", {
      intent: "addMilestone",
      title: "x",
      dueDate: day(10),
    });
    expect(co.status).toBe(403);
    const empty = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "addMilestone",
      title: "",
      dueDate: day(10),
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("请填写节点名称");
    const finance = (await f.unit("财政厅")).id;
    const ok = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "addMilestone",
      title: "出台外贸主体培育实施细则",
      dueDate: day(10),
      unitIds: finance,
    });
    expect(ok.status).toBe(200);
    const page = await pages.get(`/tasks/${taskId}`, "co");
    expect(page.html).toContain("出台外贸主体培育实施细则");
    expect(page.html).toContain("分解节点");
    expect(page.html).toContain("财政厅");
    expect(await light()).toContain("临近节点时限");
  });

  it("a report names the milestone it advances", async () => {
    const form = await pages.get(`/tasks/${taskId}/report`, "co");
    expect(form.html).toContain("推进节点");
    const m = await f.db.milestone.findFirstOrThrow({ where: { taskId } });
    const r = await pages.post(
      `/tasks/${taskId}/report`,
      "co",
      reportFields({ period: month(), milestoneId: m.id, progress: "细则初稿已完成。" }),
    );
    expect(r.status).toBe(302);
    expect(await f.db.reportMilestone.count({ where: { milestoneId: m.id } })).toBe(1);
    expect((await pages.get(`/tasks/${taskId}`, "lead")).html).toContain("报送 1 次");
  });

  it("moved into the past by a reviewer, it is 节点已逾期 (red) and in the lead's reminder", async () => {
    const m = await f.db.milestone.findFirstOrThrow({ where: { taskId } });
    const r = await pages.post(`/tasks/${taskId}?index`, "reviewer", {
      intent: "editMilestone",
      milestoneId: m.id,
      title: m.title,
      dueDate: day(-2),
    });
    expect(r.status).toBe(200);
    expect(await light()).toMatch(/RED.*节点已逾期/);
    expect((await pages.get(`/tasks/${taskId}`, "lead")).html).toContain("修改节点");
    const plan = await planReminders(f.db, day(0));
    const lead = plan.reminders.find((x) => x.email === "lead@ms.test");
    expect(lead?.items.map((i) => i.reason)).toContain(`节点「${m.title}」已逾期 2 天`);
  });

  it("completed by the lead (not a co-unit), the light follows the task again", async () => {
    const m = await f.db.milestone.findFirstOrThrow({ where: { taskId } });
    const co = await pages.post(`/tasks/${taskId}?index`, "co", {
      intent: "completeMilestone",
      milestoneId: m.id,
    });
    expect(co.status).toBe(403);
    await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "completeMilestone",
      milestoneId: m.id,
    });
    expect((await f.db.milestone.findFirstOrThrow({ where: { taskId } })).completedAt).not.toBe(
      null,
    );
    expect(await light()).not.toContain("节点");
    expect((await pages.get(`/tasks/${taskId}`, "lead")).html).toContain("完成节点");
  });

  it("a milestone's own extension, approved, moves its date in force; the light goes by it", async () => {
    const ok = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "addMilestone",
      title: "完成首批主体认定",
      dueDate: day(10),
    });
    expect(ok.status).toBe(200);
    const m = await f.db.milestone.findFirstOrThrow({
      where: { taskId, title: "完成首批主体认定" },
    });
    expect(await light()).toContain("临近节点时限");
    const form = (await pages.get(`/tasks/${taskId}`, "lead")).html;
    expect(form).toContain(
      `<option value="${m.id}">节点「完成首批主体认定」（${day(10)}）</option>`,
    );
    const byCo = await pages.post(`/tasks/${taskId}?index`, "co", {
      intent: "requestExtension",
      milestoneId: m.id,
      requestedDate: day(60),
      reason: "x",
    });
    expect(byCo.status).toBe(403);
    const asked = await pages.post(`/tasks/${taskId}?index`, "lead", {
      intent: "requestExtension",
      milestoneId: m.id,
      requestedDate: day(60),
      reason: "认定标准待省级出台",
    });
    expect(asked.status).toBe(200);
    const request = await f.db.extensionRequest.findFirstOrThrow({ where: { milestoneId: m.id } });
    expect(request).toMatchObject({ status: "PENDING", originalDate: m.dueDate });
    // One at a time for this milestone: it is no longer offered.
    const waiting = (await pages.get(`/tasks/${taskId}`, "lead")).html;
    expect(waiting).toContain(`延期申请待审核：申请节点「完成首批主体认定」延至 ${day(60)}`);
    expect(waiting).not.toContain(`<option value="${m.id}">`);
    const reviewer = (await pages.get(`/tasks/${taskId}`, "reviewer")).html;
    expect(reviewer).toContain(`申请将节点「完成首批主体认定」由 ${day(10)} 延至`);
    const approved = await pages.post(`/tasks/${taskId}?index`, "reviewer", {
      intent: "decideExtension",
      requestId: request.id,
      decision: "APPROVE",
      note: "同意",
    });
    expect(approved.status).toBe(200);
    // The milestone's own date is the original; the date in force is the approved one.
    expect((await f.db.milestone.findUniqueOrThrow({ where: { id: m.id } })).dueDate).toEqual(
      m.dueDate,
    );
    const page = (await pages.get(`/tasks/${taskId}`, "lead")).html;
    expect(page).toContain(`${day(60)}<span class="muted">（经批准延期；原定 ${day(10)}）</span>`);
    expect(page).toContain(`节点「完成首批主体认定」：${day(10)} → ${day(60)}`);
    expect(page).toContain(`（最近节点：完成首批主体认定，${day(60)}）`);
    // Due in 60 days now: beyond the 30 days of amber.
    const after = await light();
    expect(after).not.toContain("临近节点时限");
    expect(after).toContain(`（最近节点：完成首批主体认定，${day(60)}）`);
    const mail = await f.db.email.findFirstOrThrow({
      where: { kind: "NOTICE", toAddress: "lead@ms.test" },
      include: { body: true },
      orderBy: { createdAt: "desc" },
    });
    expect(mail.body.text).toContain(`节点「完成首批主体认定」的时限由 ${day(10)} 延至 ${day(60)}`);
    // The reviewers' digest names the milestone the decision was about.
    const digest = await reviewerDigest(
      f.db,
      (await f.unit("商务厅")).id,
      new Date(),
      new Date(Date.now() - 7 * DAY),
    );
    expect(digest.extensions).toMatchObject([
      { taskId, milestone: "完成首批主体认定", status: "APPROVED" },
    ]);
  });

  it("the lead's reminder counts a milestone's lead time in working days (the National Day week off)", async () => {
    const lead = await f.db.user.findUniqueOrThrow({ where: { email: "lead@ms.test" } });
    await f.db.milestone.create({
      data: {
        taskId,
        title: "国庆后首个工作日前完成",
        dueDate: new Date("2026-10-08T23:59:59+08:00"),
        position: 99,
        createdById: lead.id,
      },
    });
    // On Wednesday 30 September it is 8 days away, but only 1 working day (1–7 October off).
    const plan = await planReminders(f.db, "2026-09-30", {
      now: new Date("2026-09-30T08:00:00+08:00"),
    });
    const mine = plan.reminders.find((x) => x.email === "lead@ms.test");
    expect(mine?.items.map((i) => i.reason)).toContain(
      "节点「国庆后首个工作日前完成」1 个工作日后到期",
    );
    // Five working days before is Wednesday 23 September (the 25th is 中秋节, off): 15 days.
    const reasons = async (day: string) =>
      (await planReminders(f.db, day, { now: new Date(`${day}T08:00:00+08:00`) })).reminders
        .find((x) => x.email === "lead@ms.test")
        ?.items.map((i) => i.reason)
        .filter((r) => r.includes("国庆后首个工作日前完成")) ?? [];
    expect(await reasons("2026-09-23")).toEqual(["节点「国庆后首个工作日前完成」5 个工作日后到期"]);
    expect(await reasons("2026-09-24")).toEqual([]); // 4 working days: not a reminder day
  });
});
