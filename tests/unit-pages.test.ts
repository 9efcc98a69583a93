// The unit directory's pages through the real server: who sees which units, who may edit them (a
// Tianjin reviewer cannot edit Sichuan's), each edit through its form with errors next to the
// field and nothing written, the change on the unit's page, and cached pages that show the new name.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-unit-pages";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
const cookies: Record<string, string> = {};

async function get(path: string, who: string) {
  const res = await fetch(base + path, { headers: { cookie: cookies[who]! }, redirect: "manual" });
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
}

async function post(path: string, who: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await fetch(base + path, {
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
  await mk("sc@units.test", "REVIEWER", "商务厅");
  await mk("tj@units.test", "REVIEWER", "市商务局", "TJ");
  await mk("admin@units.test", "ADMIN", null);
  await mk("liaison@units.test", "LIAISON", "成都海关");
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["sc", "tj", "admin", "liaison"])
    cookies[who] = await signIn(base, `${who}@units.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

const names = (html: string) =>
  [...html.matchAll(/<a [^>]*href="\/units\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

describe("the directory list", () => {
  it("shows a reviewer the units of what their unit supervises, an admin all", async () => {
    const sc = await get("/units", "sc");
    expect(sc.status).toBe(200);
    expect(names(sc.html)).toContain("商务厅");
    expect(names(sc.html)).not.toContain("市商务局");
    const tj = await get("/units", "tj");
    expect(names(tj.html)).toContain("市商务局");
    expect(names(tj.html)).not.toContain("商务厅");
    const admin = await get("/units", "admin");
    expect(names(admin.html)).toEqual(expect.arrayContaining(["商务厅", "市商务局"]));
    // Asking for another jurisdiction by its id shows nothing of it.
    const sichuan = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
    expect(names((await get(`/units?jurisdiction=${sichuan.id}`, "tj")).html)).toEqual([]);
  });

  it("finds a unit by an alias or abbreviation (简称)", async () => {
    const found = names((await get(`/units?q=${encodeURIComponent("省发改委")}`, "sc")).html);
    expect(found).toEqual(["省发展改革委"]);
    const html = (await get(`/units/${(await f.unit("省发展改革委")).id}`, "sc")).html;
    expect(html).toMatch(/<dt>简称<\/dt><dd>省发改委<\/dd>/);
  });

  it("keeps deactivated and merged units out unless asked for", async () => {
    const sichuan = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
    await f.db.unit.create({
      data: { jurisdictionId: sichuan.id, name: "已撤销的专班", kind: "OTHER", active: false },
    });
    expect(names((await get("/units", "sc")).html)).not.toContain("已撤销的专班");
    expect(names((await get("/units?inactive=1", "sc")).html)).toContain("已撤销的专班");
    // A renamed unit (succeeded, still active as a record of its tasks) stays listed.
    expect(names((await get("/units", "sc")).html)).toContain("省经济和信息化委");
  });
});

describe("editing", () => {
  it("a Tianjin reviewer can neither open nor edit a Sichuan unit: 403, audited, nothing changed", async () => {
    const unit = await f.unit("司法厅");
    expect((await get(`/units/${unit.id}`, "tj")).status).toBe(403);
    const res = await post(`/units/${unit.id}`, "tj", { intent: "rename", name: "天津改的名" });
    expect(res.status).toBe(403);
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).name).toBe("司法厅");
    const tj = await f.db.user.findUniqueOrThrow({ where: { email: "tj@units.test" } });
    const denials = await f.db.auditEvent.findMany({
      where: { type: "access.denied", actorId: tj.id },
    });
    expect(denials.length).toBeGreaterThan(0);
    // Nor may they add a unit to Sichuan.
    const sichuan = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
    const create = await post("/units", "tj", {
      jurisdictionId: sichuan.id,
      name: "天津人建的四川单位",
      kind: "AGENCY",
    });
    expect(create.status).toBe(403);
    expect(await f.db.unit.count({ where: { name: "天津人建的四川单位" } })).toBe(0);
  });

  it("a liaison may read their own unit's page, not edit it; the page offers them no forms", async () => {
    const customs = await f.unit("成都海关");
    const page = await get(`/units/${customs.id}`, "liaison");
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("维护单位名录");
    const res = await post(`/units/${customs.id}`, "liaison", { intent: "rename", name: "海关" });
    expect(res.status).toBe(403);
  });

  it("a Sichuan reviewer renames a unit; the page, its history and the cached ledger show it", async () => {
    const unit = await f.unit("司法厅");
    const ledger = `/?unit=${unit.id}`;
    expect((await get(ledger, "sc")).html).toContain("司法厅");
    const res = await post(`/units/${unit.id}`, "sc", { intent: "rename", name: "四川省司法厅" });
    expect(res.status).toBe(200);
    expect(res.html).toContain("已保存。");
    const page = (await get(`/units/${unit.id}`, "sc")).html;
    expect(page).toContain("<h1>四川省司法厅");
    expect(page).toContain("更名");
    expect(page).toContain("司法厅 → 四川省司法厅（原名保留为别称）");
    expect(page).toContain(" · sc"); // who did it (the actor's name)
    const after = await fetch(base + ledger, { headers: { cookie: cookies.sc! } });
    expect(after.headers.get("x-duban-page-cache")).toBe("miss");
    expect(await after.text()).toContain("四川省司法厅");
  });

  it("refuses a name another unit has, next to the field, keeping what was typed", async () => {
    const unit = await f.unit("教育厅");
    const res = await post(`/units/${unit.id}`, "sc", { intent: "rename", name: "财政厅" });
    expect(res.status).toBe(400);
    expect(res.html).toContain("本地区已有单位「财政厅」；若是同一单位，请用“合并”");
    expect(res.html).toMatch(/name="name"[^>]*value="财政厅"/);
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).name).toBe("教育厅");
  });

  it("adds and removes an abbreviation", async () => {
    const unit = await f.unit("教育厅");
    const add = await post(`/units/${unit.id}`, "sc", {
      intent: "addAlias",
      alias: "省教厅",
      aliasKind: "ABBREVIATION",
    });
    expect(add.status).toBe(200);
    const row = await f.db.unitAlias.findFirstOrThrow({ where: { alias: "省教厅" } });
    expect(row).toMatchObject({ unitId: unit.id, kind: "ABBREVIATION", source: "MANUAL" });
    const remove = await post(`/units/${unit.id}`, "sc", {
      intent: "removeAlias",
      aliasId: row.id,
    });
    expect(remove.status).toBe(200);
    const page = (await get(`/units/${unit.id}`, "sc")).html;
    expect(page).toContain("增加别称或简称");
    expect(page).toContain("删除别称或简称");
    expect(page).not.toMatch(/<dt>简称<\/dt><dd>省教厅/);
  });

  it("deactivating a unit with open tasks needs its successor; with one it is done", async () => {
    const unit = await f.unit("省贸促会");
    const refused = await post(`/units/${unit.id}`, "sc", { intent: "deactivate" });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/该单位还有 \d+ 项未办结的任务，请指定承接单位/);
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(true);
    const successor = await f.unit("商务厅");
    const done = await post(`/units/${unit.id}`, "sc", {
      intent: "deactivate",
      successorId: successor.id,
      date: "2026-06-30",
    });
    expect(done.status).toBe(200);
    const page = (await get(`/units/${unit.id}`, "sc")).html;
    expect(page).toContain("已撤销");
    expect(page).toContain("由 商务厅 承接");
    expect(names((await get("/units", "sc")).html)).not.toContain("省贸促会");
  });

  it("creates a unit, and merges a duplicate into it", async () => {
    const sichuan = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
    const bad = await post("/units", "sc", {
      jurisdictionId: sichuan.id,
      name: "",
      kind: "AGENCY",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("请填写单位名称");
    const res = await post("/units", "sc", {
      jurisdictionId: sichuan.id,
      name: "省口岸物流办公室",
      kind: "AGENCY",
    });
    expect(res.status).toBe(302);
    const created = await f.db.unit.findFirstOrThrow({ where: { name: "省口岸物流办公室" } });
    expect(res.location).toBe(`/units/${created.id}`);
    const into = await f.unit("省政府口岸物流办");
    const merged = await post(`/units/${created.id}`, "sc", { intent: "merge", intoId: into.id });
    expect(merged.status).toBe(200);
    const page = (await get(`/units/${into.id}`, "sc")).html;
    expect(page).toContain("省口岸物流办公室 并入 省政府口岸物流办");
    expect(page).toMatch(/<dt>又称<\/dt><dd>[^<]*省口岸物流办公室/);
    const old = (await get(`/units/${created.id}`, "sc")).html;
    expect(old).toContain("已并入");
  });
});
