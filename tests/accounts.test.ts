// Accounts (issue 11 item 6 and the account emails of item 4) against the real server: the users
// page finds people by search, role, unit and state, 50 a page; invitations and reset links go
// out through the outbox and are shown to copy; the admin recovers access from the command line.
import { execFile, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { startSmtp } from "./helpers/smtp";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..");
const PASSWORD = "password-for-accounts";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let admin = "";
let customsId = "";

async function post(path: string, form: Record<string, string>, cookie = admin) {
  return fetch(base + path, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}
const page = async (path: string, cookie = admin) =>
  (await fetch(base + path, { headers: { cookie }, redirect: "manual" })).text();
const rows = (html: string) =>
  html.match(/<td[^>]*><a [^>]*href="\/admin\/users\/[^"]+"/g)?.length ?? 0;

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  customsId = (await f.unit("成都海关")).id;
  const commerceId = (await f.unit("商务厅")).id;
  await f.db.user.create({
    data: { email: "admin@accounts.test", name: "管理员", role: "ADMIN", passwordHash },
  });
  await f.db.user.create({
    data: { email: "second-admin@accounts.test", name: "备用管理员", role: "ADMIN", passwordHash },
  });
  // 120 liaisons: 30 of customs, the rest of commerce; one is named 张三.
  await f.db.user.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      email: `liaison${String(i).padStart(3, "0")}@accounts.test`,
      name: i === 77 ? "张三" : `联络员${i}`,
      role: "LIAISON",
      unitId: i < 30 ? customsId : commerceId,
      passwordHash,
    })),
  });
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  admin = await signIn(base, "admin@accounts.test", PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("the users page", () => {
  it("pages 50 at a time, with no form per row", async () => {
    const first = await page("/admin/users");
    expect(first).toContain("共 122 个账号，第 1/3 页");
    expect(rows(first)).toBe(50);
    expect(rows(await page("/admin/users?page=3"))).toBe(22);
    // The filters' selects and the invitation's: five in all, not one per person.
    expect(first.match(/<select/g)?.length).toBe(5);
  });
  it("searches by name or email and filters by role, unit and state", async () => {
    const byName = await page(`/admin/users?q=${encodeURIComponent("张三")}`);
    expect(rows(byName)).toBe(1);
    expect(byName).toContain("liaison077@accounts.test");
    expect(rows(await page("/admin/users?q=liaison11"))).toBe(10); // 110–119
    expect(rows(await page("/admin/users?role=ADMIN"))).toBe(2);
    expect(await page(`/admin/users?unit=${customsId}`)).toContain("共 30 个账号");
    expect(await page(`/admin/users?role=LIAISON&unit=${customsId}&q=liaison02`)).toContain(
      "共 10 个账号",
    );
    expect(await page("/admin/users?status=inactive")).toContain("共 0 个账号");
  });
});

describe("links by email", () => {
  it("an invitation is emailed through the outbox and shown to copy; it works once", async () => {
    const res = await post("/admin/users", {
      email: "new@accounts.test",
      name: "新人",
      role: "LIAISON",
      unitId: customsId,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = html.match(/data-testid="link">([^<]+)</)![1]!;
    expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
    const email = await f.db.email.findFirstOrThrow({
      where: { toAddress: "new@accounts.test", kind: "INVITE" },
      include: { body: true },
    });
    expect(email.status).toBe("PENDING");
    expect(email.body.text).toContain(link);
    expect(email.body.html).toContain(link);
    const accept = await fetch(link, {
      method: "POST",
      redirect: "manual",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ password: "my-own-password", confirm: "my-own-password" }),
    });
    expect(accept.status).toBe(302);
  });
  it("an admin invites a leader (分管领导) only with the supervising unit it oversees", async () => {
    const commerce = await f.db.unit.findFirstOrThrow({ where: { name: "商务厅" } });
    const without = await post("/admin/users", {
      email: "leader@accounts.test",
      name: "分管领导",
      role: "LEADER",
      unitId: "",
    });
    expect(without.status).toBe(400);
    expect(await without.text()).toContain("分管领导必须属于一个督办单位");
    const res = await post("/admin/users", {
      email: "leader@accounts.test",
      name: "分管领导",
      role: "LEADER",
      unitId: commerce.id,
    });
    expect(res.status).toBe(200);
    expect(
      await f.db.user.findUniqueOrThrow({ where: { email: "leader@accounts.test" } }),
    ).toMatchObject({ role: "LEADER", unitId: commerce.id });
  });
  it("a reset link likewise, from the person's own page", async () => {
    const person = await f.db.user.findUniqueOrThrow({
      where: { email: "liaison005@accounts.test" },
    });
    const res = await post(`/admin/users/${person.id}`, { intent: "reset" });
    const link = (await res.text()).match(/data-testid="link">([^<]+)</)![1]!;
    expect(link).toMatch(/\/reset\//);
    const email = await f.db.email.findFirstOrThrow({
      where: { toUserId: person.id, kind: "RESET" },
      include: { body: true },
    });
    expect(email.body.text).toContain(link);
    // Once sent, the outbox keeps no working link: the token exists only as a hash.
    const smtp = await startSmtp();
    try {
      expect(await sendOutboxEmail(f.db, email.id, smtpConfig(smtp.url))).toBe("SENT");
      expect(smtp.received[0]!.text).toContain(link);
      const kept = await f.db.emailBody.findUniqueOrThrow({ where: { id: email.bodyId } });
      const token = link.split("/").pop()!;
      expect(kept.text + kept.html).not.toContain(token);
      expect(kept.text).toContain("/reset/（链接已发出，系统不保留）");
    } finally {
      await smtp.close();
    }
  });
  it("the person's page changes role and unit and deactivates", async () => {
    const person = await f.db.user.findUniqueOrThrow({
      where: { email: "liaison006@accounts.test" },
    });
    expect(
      (await post(`/admin/users/${person.id}`, { intent: "update", role: "REVIEWER", unitId: "" }))
        .status,
    ).toBe(200);
    expect((await post(`/admin/users/${person.id}`, { intent: "deactivate" })).status).toBe(200);
    const after = await f.db.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(after).toMatchObject({ role: "REVIEWER", unitId: null, active: false });
  });
});

describe("npm run admin:reset", () => {
  const reset = (email: string) =>
    run(process.execPath, ["--import", "tsx", "app/cli/admin-reset.ts", email], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${f.file}`, DUBAN_DATA_DIR: f.dir },
    });

  it("sets a new one-time password for an admin, ends its sessions and reactivates it", async () => {
    const old = await signIn(base, "second-admin@accounts.test", PASSWORD);
    await f.db.user.update({
      where: { email: "second-admin@accounts.test" },
      data: { active: false },
    });
    const { stdout } = await reset("Second-Admin@accounts.test");
    const password = stdout.match(/password: (\S+)/)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(
      (await fetch(`${base}/admin/users`, { headers: { cookie: old }, redirect: "manual" })).status,
    ).toBe(302);
    const fresh = await signIn(base, "second-admin@accounts.test", password);
    expect(await page("/admin/users", fresh)).toContain("用户管理");
    await expect(signIn(base, "second-admin@accounts.test", PASSWORD)).rejects.toThrow();
  });
  it("refuses accounts that are not admins, and unknown ones", async () => {
    await expect(reset("liaison001@accounts.test")).rejects.toMatchObject({ code: 1 });
    await expect(reset("nobody@accounts.test")).rejects.toMatchObject({ code: 1 });
  });
});
