// The local mail sink keeps attachments: 邮箱 lists each one (name, size, type) and admins download
// it byte for byte. A per-document roll-up's files carry the document in their names.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { rollupFileName } from "~/utils/file-names";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";
import { freePort, signIn, startServer } from "../helpers/server";
import { waitFor } from "../helpers/smtp";

const root = path.resolve(__dirname, "../..");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("邮箱: attachments of captured mail", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let sink: ChildProcess;
  let web: { base: string; server: ChildProcess };
  let sinkUrl: string;
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
    const passwordHash = await hashPassword("password-for-tests");
    await f.db.user.create({
      data: { email: "admin@example.test", name: "管理员", role: "ADMIN", passwordHash },
    });
    const liaison = await f.user("LIAISON", "商务厅");
    await f.db.user.update({ where: { id: liaison.id }, data: { passwordHash } });
    const port = await freePort();
    sinkUrl = `smtp://127.0.0.1:${port}`;
    sink = spawn(process.execPath, ["--import", "tsx", "jobs/smtp-sink.ts"], {
      cwd: root,
      env: {
        ...process.env,
        SMTP_SINK_PORT: String(port),
        DATABASE_URL: `file:${f.file}`,
        DUBAN_DATA_DIR: f.dir,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => sink.stdout!.once("data", () => resolve()));
    web = await startServer(f.file, f.dir);
  });
  afterAll(async () => {
    sink?.kill("SIGTERM");
    web?.server.kill("SIGTERM");
    await f.cleanup();
  });

  it("keeps a roll-up's files, lists them and serves them to admins only", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: doc.id, emailMembers: true },
    });
    const built = await buildRollup(f.db, report.id);
    const done = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    const [first] = built.emailIds;
    expect(await sendOutboxEmail(f.db, first!, smtpConfig(sinkUrl))).toBe("SENT");
    await waitFor(async () => (await f.db.capturedEmail.count()) > 0, 20_000, "captured");
    const mail = await f.db.capturedEmail.findFirstOrThrow();

    const names = [
      ...["xlsx", "docx"].map((ext) => rollupFileName(doc, "2026-11", ext)),
      rollupFileName(doc, "2026-11", "docx", "督办通报"),
    ];
    expect(names).toEqual([
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.xlsx",
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.docx",
      "督办通报-关于加快建设贸易强省的实施意见-2026-11.docx",
    ]);
    const admin = await signIn(web.base, "admin@example.test", "password-for-tests");
    const page = await fetch(`${web.base}/admin/mailbox?id=${mail.id}`, {
      headers: { cookie: admin },
    });
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("附件（3 个）");
    for (const name of names) expect(html).toContain(name);
    expect(html).toContain(XLSX);
    expect(html).toMatch(/\d+(\.\d)? KB/);

    const xlsx = readFileSync(path.join(f.dir, done.xlsxFile!));
    const res = await fetch(`${web.base}/admin/mailbox/${mail.id}/attachments/0`, {
      headers: { cookie: admin },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent(names[0]!)}`,
    );
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[ -~]+"/);
    expect(Buffer.from(await res.arrayBuffer()).equals(xlsx)).toBe(true);
    // A roll-up sent to many members is one stored file per attachment.
    for (const id of built.emailIds.slice(1)) await sendOutboxEmail(f.db, id, smtpConfig(sinkUrl));
    await waitFor(
      async () => (await f.db.capturedEmail.count()) === built.emailIds.length,
      20_000,
      "all captured",
    );
    expect(readdirSync(path.join(f.dir, "mailbox"))).toHaveLength(3);

    const missing = await fetch(`${web.base}/admin/mailbox/${mail.id}/attachments/3`, {
      headers: { cookie: admin },
    });
    expect(missing.status).toBe(404);
    const liaison = await signIn(web.base, "user1@example.test", "password-for-tests");
    const refused = await fetch(`${web.base}/admin/mailbox/${mail.id}/attachments/0`, {
      headers: { cookie: liaison },
    });
    expect(refused.status).toBe(403);
  }, 90_000);
});
