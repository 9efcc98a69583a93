// §7 report slots through the real server: a reviewer sets a task's cycle (one-off, due 60 days
// ago, no grace), the report form refuses the locked slot with a clear message, the reviewer
// reopens it, the unit reports and the slot reads 迟报 — in the slot table, its per-unit counts and
// on the timeline. The report form offers the unit's open slots only (a monthly task's too).
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { collectingPeriod, periodLabel, previousPeriod } from "~/models/reporting-period";
import { shanghaiDate } from "~/utils/time";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-slots";
const DAY = 86_400_000;
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let taskId = "";
let monthlyId = "";
let lead = "";
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

const report = {
  period: "ONCE",
  status: "IN_PROGRESS",
  percent: "50",
  progress: "已完成一半",
  problems: "",
  nextSteps: "",
  coordination: "",
  baseReportId: "",
};

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  await f.user("REVIEWER", "商务厅", { email: "reviewer@slots.test", passwordHash });
  await f.user("LIAISON", "财政厅", { email: "liaison@slots.test", passwordHash });
  lead = (await f.unit("财政厅")).id;
  const sc = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
  const doc = await f.db.document.create({
    data: {
      slug: "slots-case",
      title: "报送期测试文件",
      status: "IN_FORCE",
      jurisdictionId: sc.id,
      sourceText: "测试",
      sourceHash: "slots",
    },
  });
  const task = await f.db.task.create({
    data: {
      documentId: doc.id,
      jurisdictionId: sc.id,
      ref: "1",
      position: 0,
      sectionPath: "",
      heading: "一次性报送的任务",
      text: "一次性报送的任务",
      dueDate: new Date(Date.now() + 300 * DAY),
      status: "IN_PROGRESS",
    },
  });
  taskId = task.id;
  await f.db.assignment.create({
    data: {
      taskId,
      unitId: lead,
      role: "LEAD",
      position: 0,
      nameAsWritten: "财政厅",
      createdAt: new Date(Date.now() - 90 * DAY),
    },
  });
  // A task on the default monthly cycle, led by the same unit for 90 days: several open slots.
  const monthly = await f.db.task.create({
    data: {
      documentId: doc.id,
      jurisdictionId: sc.id,
      ref: "2",
      position: 1,
      sectionPath: "",
      heading: "按月报送的任务",
      text: "按月报送的任务",
      dueDate: new Date(Date.now() + 300 * DAY),
      status: "IN_PROGRESS",
    },
  });
  monthlyId = monthly.id;
  await f.db.assignment.create({
    data: {
      taskId: monthlyId,
      unitId: lead,
      role: "LEAD",
      position: 0,
      nameAsWritten: "财政厅",
      createdAt: new Date(Date.now() - 90 * DAY),
    },
  });
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  cookies.reviewer = await signIn(base, "reviewer@slots.test", PASSWORD);
  cookies.liaison = await signIn(base, "liaison@slots.test", PASSWORD);
}, 90_000);

async function get(path: string, who: string) {
  const res = await fetch(base + path, { headers: { cookie: cookies[who]! } });
  return (await res.text()).replaceAll("<!-- -->", "");
}

/** The options of the report form's period list, as value → label. */
function periodOptions(html: string): string[] {
  const select = /<select id="field-period"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map(
    (m) => `${m[1]}=${m[2]}`,
  );
}

const timelineOf = (html: string) => /<ul class="timeline">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("a one-off report slot", () => {
  const dueOn = () => shanghaiDate(new Date(Date.now() - 60 * DAY));

  it("a reviewer sets the task's cycle; a liaison may not", async () => {
    const fields = {
      intent: "setCycle",
      cycle: "ONCE",
      rule: "DAY",
      dueOn: dueOn(),
      graceDays: "0",
    };
    expect((await post(`/tasks/${taskId}`, "liaison", fields)).status).toBe(403);
    const ok = await post(`/tasks/${taskId}`, "reviewer", fields);
    expect(ok.status).toBe(200);
    const page = ok.html;
    expect(page).toContain(`一次性，${dueOn()}前；截止后0个工作日锁定`);
    expect(page).toContain("缺报");
    expect(page).toContain("已锁定");
  });

  it("the report form refuses the locked slot with a clear message", async () => {
    const refused = await post(`/tasks/${taskId}/report`, "liaison", report);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("一次性报送的报送已于");
    expect(refused.html).toContain("如需补报，请联系督办单位重新开放");
    const monthly = await post(`/tasks/${taskId}/report`, "liaison", {
      ...report,
      period: "2026-11",
    });
    expect(monthly.status).toBe(400);
    expect(monthly.html).toContain("报送期次应写作如 ONCE");
    expect(await f.db.progressReport.count({ where: { taskId } })).toBe(0);
    // The form lists no open slot and says why.
    const form = await get(`/tasks/${taskId}/report`, "liaison");
    expect(form).toContain("各报送期均已锁定，如需补报，请联系督办单位重新开放");
  });

  it("the report form lists a monthly task's open slots, the current one chosen", async () => {
    const now = new Date();
    const collecting = collectingPeriod(now, { cycle: "MONTHLY" });
    const form = await get(`/tasks/${monthlyId}/report`, "liaison");
    const options = periodOptions(form);
    expect(options[0]).toBe(`${collecting}=${periodLabel(collecting)}`);
    const earlier = previousPeriod(collecting);
    expect(options).toContain(`${earlier}=${periodLabel(earlier)}`);
    expect(form).toMatch(new RegExp(`<option value="${collecting}" selected=""`));
    // Reported for the earlier period, that slot leaves the list; the current one stays.
    const filed = await post(`/tasks/${monthlyId}/report`, "liaison", {
      ...report,
      period: earlier,
    });
    expect(filed.status).toBe(302);
    const after = periodOptions(await get(`/tasks/${monthlyId}/report`, "liaison"));
    expect(after).not.toContain(`${earlier}=${periodLabel(earlier)}`);
    expect(after).toContain(`${collecting}=${periodLabel(collecting)}`);
    expect(after.length).toBe(options.length - 1);
    // The current period's report, by its deadline, is not 迟报; the earlier one's is.
    const base = await f.db.progressReport.findFirstOrThrow({ where: { taskId: monthlyId } });
    const current = await post(`/tasks/${monthlyId}/report`, "liaison", {
      ...report,
      period: collecting,
      baseReportId: base.id,
    });
    expect(current.status).toBe(302);
    const timeline = timelineOf(await get(`/tasks/${monthlyId}`, "reviewer"));
    expect(timeline.match(/<li/g)?.length).toBeGreaterThanOrEqual(2);
    expect(timeline.match(/slot-LATE/g)?.length).toBe(1);
  });

  it("reopened by a reviewer, it takes the report, marked 迟报", async () => {
    const until = shanghaiDate(new Date(Date.now() + 3 * DAY));
    const reopened = await post(`/tasks/${taskId}`, "reviewer", {
      intent: "reopenSlot",
      slot: `${lead}|ONCE`,
      until,
      reason: "单位系统故障，准予补报",
    });
    expect(reopened.status).toBe(200);
    expect(reopened.html).toContain(`补报开放至${until}`);
    expect(periodOptions(await get(`/tasks/${taskId}/report`, "liaison"))).toEqual([
      "ONCE=一次性报送",
    ]);
    const filed = await post(`/tasks/${taskId}/report`, "liaison", report);
    expect(filed.status).toBe(302);
    const page = await fetch(`${base}/tasks/${taskId}`, { headers: { cookie: cookies.reviewer! } });
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("迟报");
    expect(html).toContain("重新开放报送期");
    // Counted per unit (standing.ts slotCounts), and the report marked 迟报 on the timeline.
    expect(html).toContain("财政厅：按时报送 0、迟报 1、缺报 0");
    expect(timelineOf(html)).toMatch(/牵头单位[^<]*<span class="tag slot-LATE">迟报<\/span>/);
    expect(await f.db.slotReopen.count({ where: { taskId } })).toBe(1);
  });
});
