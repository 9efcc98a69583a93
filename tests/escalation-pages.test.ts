// 督办升级 through the real server: the admin's ladder table, a reviewer's 约谈 and 挂牌督办 (marked
// on the task page, the board and the roll-up until lifted with a reason), each audited; errors
// next to the field with the input kept; the 督办函 downloaded from the task page; refusals.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { rollupData } from "../jobs/rollup";
import { runEscalation } from "../jobs/escalation";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-escalation";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let taskId = "";
const cookies: Record<string, string> = {};

async function get(p: string, who: string) {
  const res = await fetch(base + p, { headers: { cookie: cookies[who]! }, redirect: "manual" });
  return { res, status: res.status, html: (await res.clone().text()).replaceAll("<!-- -->", "") };
}

async function post(p: string, who: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await fetch(base + p, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: cookies[who]!,
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });
  return {
    status: res.status,
    location: res.headers.get("location"),
    html: (await res.text()).replaceAll("<!-- -->", ""),
  };
}

beforeAll(async () => {
  f = await seededDatabase();
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id;
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (email: string, role: string, unit: string | null, code = "SC") =>
    f.db.user.create({
      data: {
        email,
        name: email.split("@")[0]!,
        role,
        passwordHash,
        unitId: unit ? (await f.unit(unit, code)).id : null,
      },
    });
  await mk("lead@esc.test", "LIAISON", "商务厅");
  await mk("other@esc.test", "LIAISON", "司法厅");
  await mk("sc@esc.test", "REVIEWER", "商务厅");
  await mk("tj@esc.test", "REVIEWER", "市商务局", "TJ");
  await mk("admin@esc.test", "ADMIN", null);
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["lead", "other", "sc", "tj", "admin"])
    cookies[who] = await signIn(base, `${who}@esc.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  delete process.env.DUBAN_DATA_DIR;
  await f?.cleanup();
});

describe("the ladder's table", () => {
  it("shows an admin the default ladder and saves an edit; refuses a bad threshold next to it", async () => {
    const page = await get("/admin/escalation", "admin");
    expect(page.status).toBe(200);
    expect(page.html).toContain("督办升级阶梯");
    const steps = await f.db.escalationStep.findMany({ orderBy: { position: "asc" } });
    expect(steps.map((s) => s.kind)).toEqual([
      "REMIND",
      "URGE",
      "URGE",
      "LETTER",
      "LETTER",
      "LISTED",
    ]);
    const letter = steps.find((s) => s.kind === "LETTER")!;
    const edit = {
      id: letter.id,
      position: "4",
      kind: "LETTER",
      trigger: "DAYS_OVERDUE",
      recipients: ["LIAISONS", "REVIEWERS"],
      active: "on",
    };
    const bad = await post("/admin/escalation", "admin", { ...edit, threshold: "0" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("阈值应为 1–9999 的整数");
    expect(bad.html).toMatch(/name="threshold"[^>]*value="0"/);
    const ok = await post("/admin/escalation", "admin", { ...edit, threshold: "20" });
    expect(ok.status).toBe(302);
    expect(await f.db.escalationStep.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject(
      { threshold: 20, recipients: "LIAISONS,REVIEWERS" },
    );
    expect(await f.db.auditEvent.count({ where: { type: "escalation.step_updated" } })).toBe(1);
  });
  it("is the admin's only", async () => {
    expect((await get("/admin/escalation", "sc")).status).toBe(403);
    expect((await post("/admin/escalation", "lead", { position: "1" })).status).toBe(403);
  });
});

describe("a reviewer's own steps", () => {
  const url = () => `/tasks/${taskId}/escalation`;
  it("records a 约谈 with its date and notes; a missing note is said next to the field", async () => {
    const bad = await post(url(), "sc", { intent: "talk", date: "2026-11-20", notes: " " });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("请填写约谈情况");
    expect(bad.html).toContain('value="2026-11-20"');
    const ok = await post(url(), "sc", {
      intent: "talk",
      date: "2026-11-20",
      notes: "约谈商务厅分管负责同志，要求月底前完成。",
    });
    expect(ok.status).toBe(302);
    const page = await get(`/tasks/${taskId}`, "lead");
    expect(page.html).toContain("约谈日期 2026-11-20：约谈商务厅分管负责同志");
    expect(page.html).toContain("督办升级：约谈");
  });

  it("puts a task under 挂牌督办: on the task page, the board and the roll-up, until lifted", async () => {
    expect((await post(url(), "sc", { intent: "list", reason: "" })).status).toBe(400);
    expect(
      (await post(url(), "sc", { intent: "list", reason: "连续逾期，列入挂牌督办。" })).status,
    ).toBe(302);
    const listedTwice = await post(url(), "sc", { intent: "list", reason: "再次" });
    expect(listedTwice.status).toBe(409);
    expect(listedTwice.html).toContain("该任务已挂牌督办");
    expect((await get(`/tasks/${taskId}`, "lead")).html).toContain('class="tag listed"');
    const board = await get("/review", "sc");
    expect(board.html).toContain("挂牌督办（1）");
    const doc = await f.db.document.findFirstOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const before = (await rollupData(f.db, doc.id, "2026-11")).measures.find(
      (m) => m.ref === "二.2",
    );
    expect(before?.listed).toBe(true);

    expect((await post(url(), "sc", { intent: "lift", reason: "" })).html).toContain(
      "请填写解除挂牌的原因",
    );
    expect(
      (await post(url(), "sc", { intent: "lift", reason: "已完成整改，经核实解除。" })).status,
    ).toBe(302);
    expect((await get(`/tasks/${taskId}`, "lead")).html).not.toContain('class="tag listed"');
    expect((await get("/review", "sc")).html).not.toContain("挂牌督办（");
    const after = (await rollupData(f.db, doc.id, "2026-11")).measures.find(
      (m) => m.ref === "二.2",
    );
    expect(after?.listed).toBe(false);
    const events = await f.db.auditEvent.findMany({
      where: { taskId, type: { in: ["escalation.listed", "escalation.lifted"] } },
      include: { actor: true },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.type, e.actor?.email])).toEqual([
      ["escalation.listed", "sc@esc.test"],
      ["escalation.lifted", "sc@esc.test"],
    ]);
    expect(JSON.parse(events[1]!.payload)).toMatchObject({ reason: "已完成整改，经核实解除。" });
  });

  it("refuses liaisons and reviewers of other jurisdictions", async () => {
    expect((await post(url(), "lead", { intent: "list", reason: "x" })).status).toBe(403);
    expect((await post(url(), "tj", { intent: "list", reason: "x" })).status).toBe(403);
    expect((await get(url(), "other")).status).toBe(403);
    // The liaison reads the record, without the forms.
    const own = await get(url(), "lead");
    expect(own.status).toBe(200);
    expect(own.html).not.toContain("登记约谈</button>");
  });
});

describe("the 督办函 from the ladder", () => {
  it("is downloadable from the task page by those who may read the task", async () => {
    process.env.DUBAN_DATA_DIR = f.dir; // the server's data folder
    await f.db.task.update({
      where: { id: taskId },
      data: { dueDate: new Date("2026-10-20T23:59:59+08:00") },
    });
    await runEscalation(f.db, "2026-11-30", { now: new Date("2026-11-30T08:10:00+08:00") });
    const letter = await f.db.escalation.findFirstOrThrow({ where: { taskId, kind: "LETTER" } });
    // The run took seconds: the server has closed the idle kept-alive connection meanwhile, which
    // fetch may find only on its first request.
    const page = await get(`/tasks/${taskId}`, "lead").catch(() => get(`/tasks/${taskId}`, "lead"));
    const href = `/tasks/${taskId}/letters/${letter.id}`;
    expect(page.html).toContain(`href="${href}"`);
    const file = await get(href, "lead");
    expect(file.status).toBe(200);
    expect(file.res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("督办函-二.2.docx")}`,
    );
    expect(
      Buffer.from(await file.res.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect((await get(href, "other")).status).toBe(403);
    expect((await get(`/tasks/${taskId}/letters/nope`, "lead")).status).toBe(404);
  }, 60_000);
});
