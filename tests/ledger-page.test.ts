// The ledger, task and unit pages rendered by the real Remix build against a seeded SQLite file.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { assignUnit, reviewOverview } from "~/models/review.server";
import { supervisionScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { seedAll } from "~/seed/seed.server";
import { tempDatabase } from "./helpers/db";

const t = tempDatabase();
let handle: (request: Request) => Promise<Response>;
let cookie = "";

async function signIn(email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: "password-for-tests", redirectTo: "/" });
  const res = await handle(new Request("http://localhost/login", { method: "POST", body }));
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

beforeAll(async () => {
  await seedAll(t.db, path.resolve(__dirname, "../seeds"));
  const passwordHash = await hashPassword("password-for-tests");
  const commerce = await t.db.unit.findFirstOrThrow({ where: { name: "商务厅" } });
  const customs = await t.db.unit.findFirstOrThrow({ where: { name: "成都海关" } });
  await t.db.user.create({
    data: {
      email: "reviewer@example.test",
      name: "审核员",
      role: "REVIEWER",
      unitId: commerce.id,
      passwordHash,
    },
  });
  await t.db.user.create({
    data: { email: "admin@example.test", name: "管理员", role: "ADMIN", passwordHash },
  });
  await t.db.user.create({
    data: {
      email: "customs@example.test",
      name: "海关联络员",
      role: "LIAISON",
      unitId: customs.id,
      passwordHash,
    },
  });
  process.env.DATABASE_URL = `file:${t.file}`;
  process.env.DUBAN_DATA_DIR = t.dir; // the session secret is created there
  const build = (await import(
    pathToFileURL(path.resolve(__dirname, "../build/index.js")).href
  )) as ServerBuild;
  handle = createRequestHandler(build, "production");
  cookie = await signIn("reviewer@example.test");
});
afterAll(() => t.cleanup());

async function page(url: string, as = cookie) {
  const res = await handle(new Request(`http://localhost${url}`, { headers: { cookie: as } }));
  // React separates adjacent text nodes with <!-- -->; read the page as a person would.
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
}
const rows = (html: string) => (html.match(/<tr>/g) ?? []).length - 1; // minus the header row

describe("pages", () => {
  it("send visitors who are not signed in to the login page", async () => {
    const res = await handle(new Request("http://localhost/"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2F");
  });
  it("show a liaison only their unit's tasks, and refuse others' with 403", async () => {
    const liaison = await signIn("customs@example.test");
    const ledger = await page("/", liaison);
    // 成都海关 answers for its own assignments and for those of 四川出入境检验检疫局, which it succeeded.
    const total = Number(ledger.html.match(/共 (\d+) 项任务/)![1]);
    const customs = await t.db.unit.findFirstOrThrow({ where: { name: "成都海关" } });
    const expected = await t.db.task.count({
      where: {
        assignments: {
          some: {
            removedAt: null,
            unit: { OR: [{ id: customs.id }, { successorId: customs.id }] },
          },
        },
      },
    });
    expect(total).toBe(expected);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(105);
    const foreign = await t.db.task.findFirstOrThrow({
      where: { ref: "三.(一).1", document: { slug: "tj-2017-processing-trade" } },
    });
    expect((await page(`/tasks/${foreign.id}`, liaison)).status).toBe(403);
  });
  it("the ledger shows an admin every task of all five documents, 50 per page, in Chinese", async () => {
    const { status, html } = await page("/", await signIn("admin@example.test"));
    expect(status).toBe(200);
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain("任务台账");
    // 国发〔2016〕4号's 30 measures once for each jurisdiction that adopted it.
    expect(html).toContain("共 135 项任务");
    expect(rows(html)).toBe(50);
    expect(html).toContain("加强产业链分工合作"); // 国发〔2016〕4号 comes first (by slug)
    // Its measures are 待分配 until each adopter's reviewers assign them; the 2016 opinions follow.
    const second = (await page("/?page=2", await signIn("admin@example.test"))).html;
    expect(second).toMatch(/class="role LEAD">牵头<\/span>/);
    expect(second).toMatch(/class="role CO">配合<\/span>/);
  });
  it("shows a reviewer what their unit supervises: 四川省's tasks, its copy of the national measures", async () => {
    expect((await page("/")).html).toContain(`共 ${20 + 30 + 9 + 24} 项任务`);
    expect((await page("/?document=cn-2016-processing-trade")).html).toContain("共 30 项任务");
    expect((await page("/?document=tj-2017-processing-trade")).html).toContain("共 0 项任务");
    const foreign = await t.db.task.findFirstOrThrow({
      where: { ref: "三.(一).1", document: { slug: "tj-2017-processing-trade" } },
    });
    expect((await page(`/tasks/${foreign.id}`)).status).toBe(403);
  });
  it("offers a reviewer the adopting jurisdiction's units on a national measure's page, by pinyin", async () => {
    const national = await t.db.task.findFirstOrThrow({
      where: {
        ref: "二.(四)",
        document: { slug: "cn-2016-processing-trade" },
        jurisdiction: { code: "SC" },
      },
    });
    const { status, html } = await page(`/tasks/${national.id}`);
    expect(status).toBe(200);
    const select = html.match(/<select name="unitId".*?<\/select>/s)![0];
    const names = [...select.matchAll(/<option value="[^"]+">([^<]+)</g)].map((m) => m[1]!);
    expect(names).toContain("财政厅");
    expect(names).not.toContain("市商务局"); // Tianjin's: its reviewers assign Tianjin's copy
    // By pinyin: 财政厅 (cái) before 商务厅 (shāng) before 自然资源厅 (zì).
    const at = (n: string) => names.indexOf(n);
    expect(at("财政厅")).toBeLessThan(at("商务厅"));
    expect(at("商务厅")).toBeLessThan(at("自然资源厅"));
    expect(html).toContain("四川省（贯彻落实上级文件）");
    expect(html).toContain("督办单位：商务厅");
    // The light and days overdue of the task, as the board has them.
    expect(html).toMatch(/逾期\d+天/);
  });
  it("/units counts each unit's tasks as its page does: its collectives' too, each task once", async () => {
    const chengdu = await t.db.unit.findFirstOrThrow({ where: { name: "成都市人民政府" } });
    const list = (await page("/units")).html;
    const row = list.match(new RegExp(`/units/${chengdu.id}">成都市人民政府</a>.*?</tr>`, "s"))![0];
    const counted = Number(row.match(/<td[^>]*>(\d+)<\/td>\s*<\/tr>$/)![1]);
    const unitPage = (await page(`/units/${chengdu.id}`)).html;
    const lead = Number(unitPage.match(/牵头任务（(\d+)）/)![1]);
    const co = Number(unitPage.match(/配合任务（(\d+)）/)![1]);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBe(lead + co);
  });
  it("filters by document, by unit and role, by text, and unassigned", async () => {
    const admin = await signIn("admin@example.test");
    expect((await page("/?document=tj-2017-processing-trade", admin)).html).toContain(
      "共 22 项任务",
    );
    expect((await page("/?document=sc-2023-trade-power-draft&unassigned=1")).html).toContain(
      "共 3 项任务",
    );
    const customs = await t.db.unit.findFirstOrThrow({ where: { name: "成都海关" } });
    const lead = await page(`/?unit=${customs.id}&role=LEAD`);
    // 成都海关 leads 七.20 and jointly leads 5, 10, 11, 12, 14 in the 2023 draft.
    expect(lead.html).toContain("共 6 项任务");
    // As co-unit it also answers for 四川出入境检验检疫局, which it succeeded.
    const co = await page(`/?unit=${customs.id}&role=CO`);
    expect(co.html).toContain("四川出入境检验检疫局");
    const q = await page(`/?q=${encodeURIComponent("跨境电子商务")}`);
    expect(q.html).toMatch(/共 \d+ 项任务/);
    expect(q.html).toContain("推进与跨境电子商务融合发展");
  });
  it("pages carry only the selected filter choices; the lists come from /filters/choices, cached per version", async () => {
    const customs = await t.db.unit.findFirstOrThrow({ where: { name: "成都海关" } });
    const { html } = await page(`/?unit=${customs.id}&document=tj-2017-processing-trade`);
    const unitSelect = html.match(/<select name="unit".*?<\/select>/s)![0];
    expect(unitSelect).toContain(`<option value="${customs.id}" selected="">`);
    expect(unitSelect.match(/<option/g)).toHaveLength(2); // 全部单位 and the selected one
    const version = html.match(/"version":"([\w-]+)"/)![1]!;

    const res = await handle(
      new Request(`http://localhost/filters/choices?v=${version}&_data=routes%2Ffilters.choices`, {
        headers: { cookie },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    const choices = (await res.json()) as {
      version: string;
      documents: Array<{ value: string; label: string }>;
      units: Array<{ value: string; label: string }>;
    };
    expect(choices.version).toBe(version);
    // The reviewer's unit (商务厅) supervises 四川省: its documents and the adopted national one.
    expect(choices.documents.map((d) => d.value).sort()).toEqual([
      "cn-2016-processing-trade",
      "sc-2016-processing-trade",
      "sc-2020-trade-bases",
      "sc-2023-trade-power-draft",
    ]);
    expect(choices.units.every((u) => u.label.startsWith("四川省 · "))).toBe(true);
    expect(choices.units.find((u) => u.value === customs.id)?.label).toContain("成都海关");
    // An old version is answered with the current list, not cached.
    const stale = await handle(
      new Request("http://localhost/filters/choices?v=old&_data=routes%2Ffilters.choices", {
        headers: { cookie },
      }),
    );
    expect(stale.headers.get("cache-control")).toContain("no-cache");
    // Not signed in: no lists.
    const anonymous = await handle(
      new Request(`http://localhost/filters/choices?v=${version}&_data=routes%2Ffilters.choices`),
    );
    expect(anonymous.status).not.toBe(200);
  });
  it("a task page shows the full text, roles and today's unit", async () => {
    const task = await t.db.task.findFirstOrThrow({
      where: { ref: "二.(二).1", document: { slug: "sc-2016-processing-trade" } },
    });
    const { status, html } = await page(`/tasks/${task.id}`);
    expect(status).toBe(200);
    expect(html).toContain("大力推进制造业转型升级");
    expect(html).toContain("省经济和信息化委");
    expect(html).toContain("经济和信息化厅");
    expect(html).toContain("深入实施《中国制造2025四川行动计划》");
    expect((await page("/tasks/nope")).status).toBe(404);
  });
  it("the documents and units pages list what was seeded", async () => {
    const docs = await page("/documents");
    expect(docs.html).toContain("国发〔2016〕4号");
    expect(docs.html).toContain("征求意见稿");
    const cities = await t.db.unit.findFirstOrThrow({ where: { name: "成都市人民政府" } });
    const unit = await page(`/units/${cities.id}`);
    expect(unit.html).toContain("各市（州）人民政府");
    expect(unit.html).toMatch(/牵头任务（\d+）/);
  });
  it("renders user text as text, not HTML", async () => {
    const task = await t.db.task.findFirstOrThrow({});
    await t.db.task.update({
      where: { id: task.id },
      data: { heading: "<script>alert(1)</script>" },
    });
    const { html } = await page("/");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("the review page summarises the 20 units with most overdue tasks and links to all of them", async () => {
    const summaryRows = (html: string) =>
      (html.match(/<h2 id="overdue-units">.*?<\/table>/s)![0].match(/<tr>/g) ?? []).length - 1;
    // 四川省's seeded documents are long overdue under fewer than 20 lead units: give twelve of
    // their overdue tasks a joint lead each.
    const reviewer = await t.db.user.findFirstOrThrow({
      where: { email: "reviewer@example.test" },
    });
    const scope = supervisionScope(taskIndex(t.db), reviewer.unitId);
    const before = await reviewOverview(t.db, {}, scope);
    expect(before.overdue.length).toBeLessThan(20);
    const tasks = [...new Set(before.overdue.flatMap((g) => g.tasks))].slice(0, 12);
    for (const [i, task] of tasks.entries()) {
      const unit = await t.db.unit.create({
        data: {
          name: `测试牵头单位${i + 1}`,
          kind: "DEPARTMENT",
          jurisdictionId: task.jurisdictionId,
        },
      });
      await assignUnit(t.db, task.id, unit.id, "LEAD", reviewer.id);
    }
    const overdueUnits = (await reviewOverview(t.db, {}, scope)).overdue.length;
    expect(overdueUnits).toBeGreaterThan(20);
    const first = await page("/review");
    expect(summaryRows(first.html)).toBe(20);
    expect(first.html).toContain(`显示全部 ${overdueUnits} 个单位`);
    const all = await page("/review?units=all");
    expect(summaryRows(all.html)).toBe(overdueUnits);
    expect(all.html).not.toContain("显示全部 ");
  });
});
