// A document's links page and a national task's page through the real server: the Sichuan
// reviewer sees suggestions and confirms them, the Tianjin reviewer and liaisons are refused, the
// national task lists the Sichuan tasks carrying it with their lights and latest progress, and its
// cached page follows a report on a carrying task.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { submitReport } from "~/models/report.server";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-link-pages";
const LINKS = "/documents/sc-2016-processing-trade/links";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
const cookies: Record<string, string> = {};

async function get(path: string, who: string) {
  const res = await fetch(base + path, { headers: { cookie: cookies[who]! }, redirect: "manual" });
  return {
    status: res.status,
    cache: res.headers.get("x-duban-page-cache"),
    html: (await res.text()).replaceAll("<!-- -->", ""),
  };
}

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

const national = (ref: string, code = "SC") =>
  f.db.task.findFirstOrThrow({
    where: { ref, document: { slug: "cn-2016-processing-trade" }, jurisdiction: { code } },
  });

beforeAll(async () => {
  f = await seededDatabase();
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
  await mk("sc@links.test", "REVIEWER", "商务厅");
  await mk("sc-2@links.test", "REVIEWER", "商务厅");
  await mk("tj@links.test", "REVIEWER", "市商务局", "TJ");
  await mk("admin@links.test", "ADMIN", null);
  await mk("liaison@links.test", "LIAISON", "省经济合作局");
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["sc", "sc-2", "tj", "admin", "liaison"])
    cookies[who] = await signIn(base, `${who}@links.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("a document's links page", () => {
  it("shows the Sichuan reviewer the national document it implements and a suggestion per measure", async () => {
    const { status, html } = await get(LINKS, "sc");
    expect(status).toBe(200);
    expect(html).toContain("国务院关于促进加工贸易创新发展的若干意见");
    expect(html).toContain("来自种子文件");
    expect(html).toContain("措施关联（0/20）");
    // 加快发展总部经济 → 二.(五) 促进产业融合升级 (…发展总部经济), first.
    const item = html.match(
      /<li class="panel" id="m-[^"]+"><h3><span class="ref">二\.\(二\)\.3<\/span>.*?<\/li>/s,
    )![0];
    expect(item).toMatch(/建议 <span class="ref">二\.\(五\)<\/span> 促进产业融合升级/);
  });

  it("refuses the Tianjin reviewer and a liaison, page and post; admins may look but not change", async () => {
    expect((await get(LINKS, "tj")).status).toBe(403);
    expect((await get(LINKS, "liaison")).status).toBe(403);
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const target = await national("二.(五)");
    const fields = { intent: "link", taskId: carrier.id, implementsTaskId: target.id };
    expect((await post(LINKS, "tj", fields)).status).toBe(403);
    expect((await post(LINKS, "admin", fields)).status).toBe(403);
    expect(await f.db.measureLink.count()).toBe(0);
    const admin = await get(LINKS, "admin");
    expect(admin.status).toBe(200);
    expect(admin.html).not.toContain("确认其余");
  });

  it("confirms a suggestion; refuses Tianjin's copy with the reason next to the measure", async () => {
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const target = await national("二.(五)");
    const ok = await post(LINKS, "sc", {
      intent: "link",
      taskId: carrier.id,
      implementsTaskId: target.id,
      score: "0.097",
    });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain("措施关联（1/20）");
    const link = await f.db.measureLink.findFirstOrThrow({ where: { taskId: carrier.id } });
    expect(link).toMatchObject({ implementsTaskId: target.id, score: 0.097 });
    const tianjin = await national("二.(六)", "TJ");
    const bad = await post(LINKS, "sc", {
      intent: "link",
      taskId: carrier.id,
      implementsTaskId: tianjin.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("只能关联本地区贯彻落实的上级措施");
    // A measure of another document is not this page's to link.
    const other = await f.task("sc-2023-trade-power-draft", "二.2");
    const foreign = await post(LINKS, "sc", {
      intent: "link",
      taskId: other.id,
      implementsTaskId: target.id,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.html).toContain("该措施不属于本文件");
  });

  it("confirms the remaining top suggestions at once", async () => {
    const res = await post(LINKS, "sc", { intent: "confirmAll" });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/已确认 18 项首选建议/); // 20, less the one linked, less 国际通道 (none)
    expect(res.html).toContain("措施关联（19/20）");
  });
});

describe("the national task's page", () => {
  it("lists the Sichuan tasks carrying it with their light and latest progress, and follows a report", async () => {
    const target = await national("二.(五)");
    const page = `/tasks/${target.id}`;
    const first = await get(page, "sc");
    expect(first.html).toMatch(/本地承接任务（\d+）/);
    expect(first.html).toContain("加快发展总部经济");
    expect(first.html).toContain("● 红灯"); // due 2020, overdue
    expect(first.html).toContain("尚无报送");
    expect((await get(page, "sc-2")).cache).toBe("hit");

    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const lead = await f.db.user.findUniqueOrThrow({ where: { email: "liaison@links.test" } });
    await submitReport(f.db, {
      taskId: carrier.id,
      unitId: lead.unitId!,
      authorId: lead.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 55,
        progress: "新引进区域总部两家",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
    });
    const after = await get(page, "sc-2");
    expect(after.cache).toBe("miss");
    expect(after.html).toContain("新引进区域总部两家");
    // The carrying task names what it carries out, and its timeline says when it was linked.
    const own = await get(`/tasks/${carrier.id}`, "sc");
    expect(own.html).toContain("落实上级措施");
    expect(own.html).toContain("二.(五) 促进产业融合升级");
    expect(own.html).toContain("关联上级措施");
    // Tianjin's copy of the same measure has no Sichuan carriers.
    const tianjin = await get(`/tasks/${(await national("二.(五)", "TJ")).id}`, "tj");
    expect(tianjin.html).toContain("本地承接任务（0）");
  });
});
