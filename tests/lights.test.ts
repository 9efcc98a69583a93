// §8 through the real server: an admin tunes a supervising unit's thresholds, the task page says
// why the task has its light (the reason and the numbers), and a reviewer overrides a light with a
// reason and an expiry, then lifts it — each an appended row and a timeline entry.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { acknowledgeWithin } from "~/models/acknowledgement.server";
import { shanghaiDate } from "~/utils/time";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-lights";
const DAY = 86_400_000;
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let taskId = "";
let commerce = "";
const cookies: Record<string, string> = {};

async function post(path: string, who: string, fields: Record<string, string>) {
  const res = await fetch(base + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: cookies[who]!,
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
}

type PageStanding = { light: string | null; reason: string; why: string[] };

async function standing(): Promise<PageStanding> {
  const res = await fetch(`${base}/tasks/${taskId}?_data=routes%2Ftasks.%24taskId._index`, {
    headers: { cookie: cookies.reviewer! },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { standing: PageStanding }).standing;
}

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const now = Date.now();
  commerce = (await f.unit("商务厅")).id;
  for (const [who, role, unit] of [
    ["admin", "ADMIN", null],
    ["reviewer", "REVIEWER", "商务厅"],
    ["liaison", "LIAISON", "财政厅"],
  ] as const)
    await f.user(role, unit, { email: `${who}@lights.test`, passwordHash });
  const sc = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
  const doc = await f.db.document.create({
    data: {
      slug: "lights-case",
      title: "督办灯测试文件",
      status: "IN_FORCE",
      jurisdictionId: sc.id,
      sourceText: "测试",
      sourceHash: "lights",
    },
  });
  // Due in 100 days, its lead assigned a minute ago: it owes no past report.
  const task = await f.db.task.create({
    data: {
      documentId: doc.id,
      jurisdictionId: sc.id,
      ref: "1",
      position: 0,
      sectionPath: "",
      heading: "百日内完成的任务",
      text: "百日内完成的任务",
      dueDate: new Date(now + 100 * DAY),
      status: "IN_PROGRESS",
    },
  });
  taskId = task.id;
  await f.db.assignment.create({
    data: {
      taskId,
      unitId: (await f.unit("财政厅")).id,
      role: "LEAD",
      position: 0,
      nameAsWritten: "财政厅",
      createdAt: new Date(now - 60_000),
    },
  });
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["admin", "reviewer", "liaison"])
    cookies[who] = await signIn(base, `${who}@lights.test`, PASSWORD);
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("thresholds a supervising unit tunes", () => {
  it("are the defaults until set: not amber 100 days ahead", async () => {
    const s = await standing();
    expect(s.reason).not.toBe("临近完成时限");
  });

  it("refuses a bad value with the error by the field, and a liaison altogether", async () => {
    const bad = await post("/admin/lights", "admin", {
      unitId: commerce,
      dueSoonDays: "120",
      reportDueSoonDays: "5",
      progressLagPoints: "150",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("请填写 0–100 的整数，或留空表示不启用");
    const refused = await post("/admin/lights", "liaison", {
      unitId: commerce,
      dueSoonDays: "120",
      reportDueSoonDays: "5",
      progressLagPoints: "",
    });
    expect(refused.status).toBe(403);
    expect(await f.db.lightSettings.count()).toBe(0);
  });

  it("once 商务厅 makes it 120 days, its task is amber, and the page says why with the numbers", async () => {
    const ok = await post("/admin/lights", "admin", {
      unitId: commerce,
      dueSoonDays: "120",
      reportDueSoonDays: "5",
      progressLagPoints: "",
    });
    expect(ok.status).toBe(200);
    const s = await standing();
    expect(s).toMatchObject({ light: "AMBER", reason: "临近完成时限" });
    expect(s.why.join("")).toMatch(/距完成时限还有10[01]天，不超过120天即为黄灯（商务厅设定）/);
    const audit = await f.db.auditEvent.findFirstOrThrow({
      where: { type: "lights.thresholds_set" },
    });
    expect(audit.unitId).toBe(commerce);
    const page = await fetch(`${base}/admin/lights`, { headers: { cookie: cookies.admin! } });
    expect((await page.text()).replaceAll("<!-- -->", "")).toContain('value="120"');
  });
});

describe("the 签收 deadline on the same page", () => {
  it("is N working days, 1–30, the error by the field; only an admin sets it", async () => {
    const page = await fetch(`${base}/admin/lights`, { headers: { cookie: cookies.admin! } });
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("签收时限（工作日）");
    expect(html).toMatch(/name="acknowledgeWithinWorkingDays"[^>]*value="3"/);
    for (const bad of ["0", "31", "两天", "2.5"]) {
      const r = await post("/admin/lights", "admin", {
        intent: "acknowledgeWithin",
        acknowledgeWithinWorkingDays: bad,
      });
      expect(r.status, bad).toBe(400);
      expect(r.html, bad).toContain("请填写 1–30 的整数");
      expect(r.html, bad).toContain(`value="${bad}"`); // input kept
    }
    const refused = await post("/admin/lights", "liaison", {
      intent: "acknowledgeWithin",
      acknowledgeWithinWorkingDays: "5",
    });
    expect(refused.status).toBe(403);
    expect(acknowledgeWithin(f.db)).toBe(3);
    const ok = await post("/admin/lights", "admin", {
      intent: "acknowledgeWithin",
      acknowledgeWithinWorkingDays: "5",
    });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain("已保存");
    expect(acknowledgeWithin(f.db)).toBe(5);
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { type: "setting.changed" } });
    expect(JSON.parse(audit.payload)).toEqual({ acknowledgeWithinWorkingDays: 5 });
    // The thresholds were left as they were.
    expect(await f.db.lightSettings.count()).toBe(1);
  });
});

describe("a reviewer's override", () => {
  const until = () => shanghaiDate(new Date(Date.now() + 7 * DAY));

  it("needs a reason and an expiry after today; a liaison may not", async () => {
    const noReason = await post(`/tasks/${taskId}`, "reviewer", {
      intent: "overrideLight",
      light: "RED",
      reason: "",
      expiresOn: until(),
    });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("请填写调整理由");
    const past = await post(`/tasks/${taskId}`, "reviewer", {
      intent: "overrideLight",
      light: "RED",
      reason: "约谈后仍无进展",
      expiresOn: shanghaiDate(new Date(Date.now() - DAY)),
    });
    expect(past.status).toBe(400);
    expect(past.html).toContain("有效期应晚于今天");
    const liaison = await post(`/tasks/${taskId}`, "liaison", {
      intent: "overrideLight",
      light: "GREEN",
      reason: "自评良好",
      expiresOn: until(),
    });
    expect(liaison.status).toBe(403);
    expect(await f.db.lightOverride.count()).toBe(0);
  });

  it("sets the light on the page and the board until lifted; both are kept and on the timeline", async () => {
    const set = await post(`/tasks/${taskId}`, "reviewer", {
      intent: "overrideLight",
      light: "RED",
      reason: "约谈后仍无进展",
      expiresOn: until(),
    });
    expect(set.status).toBe(200);
    const s = await standing();
    expect(s).toMatchObject({ light: "RED", reason: "审核人员调整" });
    expect(s.why.join("")).toContain(`约谈后仍无进展，有效期至${until()}`);
    expect(s.why.join("")).toContain("按规则应为黄灯（临近完成时限）");
    const board = await fetch(`${base}/review?document=lights-case&_data=routes%2Freview`, {
      headers: { cookie: cookies.reviewer! },
    });
    const rows = ((await board.json()) as { rows: Array<{ id: string; light: string }> }).rows;
    expect(rows.find((r) => r.id === taskId)?.light).toBe("RED");
    const html = await (
      await fetch(`${base}/tasks/${taskId}`, { headers: { cookie: cookies.reviewer! } })
    ).text();
    expect(html).toContain("审核人员调整督办灯");
    expect(html).toContain("撤销调整");

    const lift = await post(`/tasks/${taskId}`, "reviewer", {
      intent: "liftOverride",
      reason: "已补报进展",
    });
    expect(lift.status).toBe(200);
    expect(await standing()).toMatchObject({ light: "AMBER", reason: "临近完成时限" });
    const rowsKept = await f.db.lightOverride.findMany({
      where: { taskId },
      orderBy: { createdAt: "asc" },
    });
    expect(rowsKept.map((r) => r.light)).toEqual(["RED", null]);
    const types = (await f.db.auditEvent.findMany({ where: { taskId } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["light.overridden", "light.override_lifted"]));
  });
});
