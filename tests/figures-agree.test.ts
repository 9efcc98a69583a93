// One definition of every number, seen from every surface: a data set with every case (never
// reported, reported late, blocked, closed, completed, joint leads, a collective, a renamed unit's
// successor), then the board, the ledger, /my and the task page through the real server, and the
// reminder email, the digest email and the roll-up (data, XLSX, DOCX) through the real jobs — all
// at the real clock — must give the same figures for every unit.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { workingDayOnOrAfter } from "~/calendar/working-days";
import { readCalendar } from "~/models/calendar.server";
import { periodDeadline } from "~/models/reporting-period";
import { formatRate, lastClosedPeriod, SLOT_STATE_LABEL, type SlotState } from "~/models/standing";
import { shanghaiDate } from "~/utils/time";
import { runDigest } from "../jobs/digest";
import { runReminders } from "../jobs/reminders";
import { buildRollup } from "../jobs/rollup";
import type { BulletinData } from "~/reports/bulletin";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-figures";
const DAY = 86_400_000;
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
const cookies: Record<string, string> = {};
const units: Record<string, string> = {}; // name → id
const tasks: Record<string, string> = {}; // case → task id
const liaisonIds: Record<string, string> = {}; // unit name → its liaison

/** A unit of today, the liaison who signs in for it. */
const UNITS = ["财政厅", "科技厅", "经济和信息化厅", "成都市人民政府"] as const;

async function data<T>(url: string, route: string, who: string): Promise<T> {
  const sep = url.includes("?") ? "&" : "?";
  const res = await fetch(`${base}${url}${sep}_data=${encodeURIComponent(route)}`, {
    headers: { cookie: cookies[who]! },
  });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  f = await seededDatabase();
  process.env.DUBAN_DATA_DIR = f.dir;
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const sc = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
  for (const name of [...UNITS, "各市（州）人民政府", "省经济和信息化委", "商务厅"])
    units[name] = (await f.unit(name)).id;
  await f.db.user.create({
    data: {
      email: "reviewer@figures.test",
      name: "审核员",
      role: "REVIEWER",
      unitId: units["商务厅"],
      passwordHash,
    },
  });
  const liaison: Record<string, string> = {};
  for (const [i, name] of UNITS.entries()) {
    const u = await f.db.user.create({
      data: {
        email: `liaison-${i}@figures.test`,
        name: `联络员${i}`,
        role: "LIAISON",
        unitId: units[name],
        passwordHash,
      },
    });
    liaison[name] = u.id;
    liaisonIds[name] = u.id;
  }

  // The cases, in a document of their own, relative to now: the lead units were assigned 90 days
  // ago, so they have owed the last closed period's report.
  const calendar = readCalendar(f.db);
  const last = lastClosedPeriod(new Date(now), calendar);
  const lastDeadline = periodDeadline(last, calendar).getTime();
  const doc = await f.db.document.create({
    data: {
      slug: "figures-cases",
      title: "各种情形测试文件",
      status: "IN_FORCE",
      jurisdictionId: sc.id,
      sourceText: "测试",
      sourceHash: "figures",
    },
  });
  const since = new Date(now - 90 * DAY);
  const cases: Array<{
    key: string;
    leads: string[];
    co?: string[];
    due: number;
    status?: string;
    report?: { at: number; status: string; percent?: number };
    /** A reviewer's override: the light, and its expiry relative to now. */
    override?: { light: string; expires: number };
  }> = [
    { key: "never", leads: ["财政厅"], due: now + 200 * DAY },
    {
      key: "late",
      leads: ["财政厅"],
      co: ["科技厅"],
      due: now + 200 * DAY,
      report: { at: lastDeadline + (now - lastDeadline) / 2, status: "IN_PROGRESS" },
    },
    {
      key: "onTime",
      leads: ["成都市人民政府"],
      due: now + 200 * DAY,
      report: { at: lastDeadline - 2 * DAY, status: "IN_PROGRESS" },
    },
    {
      key: "blocked",
      leads: ["省经济和信息化委"], // 经济和信息化厅 answers for it today
      due: now + 200 * DAY,
      report: { at: lastDeadline - DAY, status: "BLOCKED" },
    },
    {
      key: "closed",
      leads: ["财政厅"],
      due: now - 40 * DAY,
      status: "CLOSED",
      report: { at: lastDeadline - 3 * DAY, status: "COMPLETED" },
    },
    {
      key: "completed",
      leads: ["科技厅"],
      due: now - 20 * DAY,
      report: { at: lastDeadline - 3 * DAY, status: "COMPLETED" },
    },
    { key: "joint", leads: ["财政厅", "科技厅"], due: now - 20 * DAY },
    // 47 % of the time gone (assigned 90 days ago, due in 100), 10 % done: lags by 37 points.
    {
      key: "lagging",
      leads: ["科技厅"],
      due: now + 100 * DAY,
      report: { at: lastDeadline - 2 * DAY, status: "IN_PROGRESS", percent: 10 },
    },
    // Never reported (red by the rules), set amber by a reviewer until next week.
    {
      key: "overridden",
      leads: ["成都市人民政府"],
      due: now + 200 * DAY,
      override: { light: "AMBER", expires: 7 * DAY },
    },
    // The same, but the override expired yesterday: red again.
    {
      key: "expired",
      leads: ["成都市人民政府"],
      due: now + 200 * DAY,
      override: { light: "GREEN", expires: -DAY },
    },
    { key: "collective", leads: ["各市（州）人民政府"], co: ["财政厅"], due: now + 100 * DAY },
  ];
  for (const [position, c] of cases.entries()) {
    const t = await f.db.task.create({
      data: {
        documentId: doc.id,
        jurisdictionId: sc.id,
        ref: `${position + 1}`,
        position,
        sectionPath: "",
        heading: `情形：${c.key}`,
        text: `情形：${c.key}`,
        dueDate: new Date(c.due),
        dueDateSource: "MANUAL",
        status: c.status ?? c.report?.status ?? "NOT_STARTED",
      },
    });
    tasks[c.key] = t.id;
    const roles: Array<["LEAD" | "CO", string[]]> = [
      ["LEAD", c.leads],
      ["CO", c.co ?? []],
    ];
    for (const [role, names] of roles)
      for (const [i, name] of names.entries())
        await f.db.assignment.create({
          data: {
            taskId: t.id,
            unitId: units[name]!,
            role,
            position: i,
            nameAsWritten: name,
            createdAt: since,
          },
        });
    if (c.report) {
      const lead = c.leads[0] === "省经济和信息化委" ? "经济和信息化厅" : c.leads[0]!;
      await f.db.progressReport.create({
        data: {
          taskId: t.id,
          unitId: units[lead]!,
          authorId: liaison[lead]!,
          period: last,
          status: c.report.status,
          percent: c.report.percent ?? (c.report.status === "COMPLETED" ? 100 : 40),
          progress: `情形 ${c.key} 的报送`,
          problems: "",
          nextSteps: "",
          coordination: "",
          consolidated: true,
          createdAt: new Date(c.report.at),
        },
      });
    }
  }
  const reviewerId = (
    await f.db.user.findUniqueOrThrow({ where: { email: "reviewer@figures.test" } })
  ).id;
  for (const c of cases)
    if (c.override)
      await f.db.lightOverride.create({
        data: {
          taskId: tasks[c.key]!,
          light: c.override.light,
          reason: `情形 ${c.key}：已约谈，暂缓`,
          expiresAt: new Date(now + c.override.expires),
          createdById: reviewerId,
          createdAt: new Date(now - 10 * DAY),
        },
      });
  // 商务厅 (which supervises 四川省) compares progress with elapsed time: over 20 points is amber.
  await f.db.lightSettings.create({
    data: {
      unitId: units["商务厅"]!,
      dueSoonDays: 30,
      reportDueSoonDays: 5,
      progressLagPoints: 20,
    },
  });
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  cookies.reviewer = await signIn(base, "reviewer@figures.test", PASSWORD);
  for (const [i, name] of UNITS.entries())
    cookies[name] = await signIn(base, `liaison-${i}@figures.test`, PASSWORD);
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

type Standing = { light: string | null; daysOverdue: number; reason?: string; why?: string[] };
type UnitFigures = {
  /** The last closed period's 迟报 and 缺报 of its led tasks. */
  late: number;
  missing: number;
  led: number;
  done: number;
  overdue: number;
  onTimeRate: string;
  completionRate: string;
};

describe("every surface gives the same figures", () => {
  it("for each task: the board, the ledger and the task page; and each case as defined", async () => {
    type BoardData = { rows: Array<{ id: string } & Standing> };
    const board = await data<BoardData>(
      "/review?document=figures-cases",
      "routes/review",
      "reviewer",
    );
    const ledger = await data<{ tasks: Array<{ id: string } & Standing> }>(
      "/?document=figures-cases",
      "routes/_index",
      "reviewer",
    );
    for (const [key, id] of Object.entries(tasks)) {
      const page = await data<{ standing: Standing }>(
        `/tasks/${id}`,
        "routes/tasks.$taskId._index",
        "reviewer",
      );
      const onBoard = board.rows.find((r) => r.id === id)!;
      const inLedger = ledger.tasks.find((r) => r.id === id)!;
      const pick = (s: Standing) => ({ light: s.light, daysOverdue: s.daysOverdue });
      expect(pick(onBoard), key).toEqual(pick(page.standing));
      expect(pick(inLedger), key).toEqual(pick(page.standing));
    }
    const light = (key: string) => board.rows.find((r) => r.id === tasks[key])!.light;
    expect(light("never")).toBe("RED"); // the last period's report never came
    expect(light("blocked")).toBe("AMBER"); // 受阻 is never green
    expect(light("closed")).toBeNull();
    expect(light("completed")).toBeNull();
    expect(light("joint")).toBe("RED"); // overdue
    expect(light("onTime")).not.toBe("RED");
    // The supervising unit's threshold, the reviewer's override and its expiry, on every surface.
    expect(light("lagging")).toBe("AMBER");
    expect(light("overridden")).toBe("AMBER");
    expect(light("expired")).toBe("RED");
    const page = async (key: string) =>
      (
        await data<{ standing: Standing }>(
          `/tasks/${tasks[key]}`,
          "routes/tasks.$taskId._index",
          "reviewer",
        )
      ).standing;
    const lagging = await page("lagging");
    expect(lagging.reason).toBe("进度滞后于时间");
    expect(lagging.why!.join("")).toMatch(
      /时间已过47%，进度10%，落后37个百分点，超过20个百分点即为黄灯（商务厅设定）/,
    );
    const overridden = await page("overridden");
    expect(overridden.reason).toBe("审核人员调整");
    expect(overridden.why!.join("")).toContain("情形 overridden：已约谈，暂缓");
    expect(overridden.why!.join("")).toContain("按规则应为红灯（进展报送逾期）");
    expect((await page("expired")).reason).toBe("进展报送逾期");
  });

  it("for each unit: /my, the board, the digest, the roll-up's data, XLSX and DOCX", async () => {
    // /my, as each unit's liaison sees it.
    const mine: Record<string, UnitFigures & { red: number; amber: number; green: number }> = {};
    for (const name of UNITS) {
      const my = await data<{
        figures: {
          tasks: number;
          done: number;
          overdue: number;
          red: number;
          amber: number;
          green: number;
          onTimeRate: number | null;
          completionRate: number | null;
          lateLastPeriod: number;
          missingLastPeriod: number;
        };
      }>("/my", "routes/my", name);
      const x = my.figures;
      mine[name] = {
        late: x.lateLastPeriod,
        missing: x.missingLastPeriod,
        led: x.tasks,
        done: x.done,
        overdue: x.overdue,
        red: x.red,
        amber: x.amber,
        green: x.green,
        onTimeRate: formatRate(x.onTimeRate),
        completionRate: formatRate(x.completionRate),
      };
    }
    // A unit that never reported what it owed has no 100 % on-time rate.
    expect(mine["财政厅"]!.onTimeRate).not.toBe("100%");
    // 财政厅 filed one report late (case late) and owes never and joint (the seeded documents'
    // tasks it leads add theirs).
    expect(mine["财政厅"]!.late).toBeGreaterThanOrEqual(1);
    expect(mine["财政厅"]!.missing).toBeGreaterThanOrEqual(2);
    // The joint task counts for both of its leads; the collective's for its member.
    const joint = await data<{ leads: Array<{ id: string }> }>("/my", "routes/my", "科技厅");
    expect(joint.leads.map((t) => t.id)).toContain(tasks.joint);
    const member = await data<{ leads: Array<{ id: string }> }>(
      "/my",
      "routes/my",
      "成都市人民政府",
    );
    expect(member.leads.map((t) => t.id)).toContain(tasks.collective);

    // The board: overdue tasks by lead unit, all units listed.
    const board = await data<{ overdue: Array<{ unit: { name: string }; total: number }> }>(
      "/review?units=all",
      "routes/review",
      "reviewer",
    );
    for (const name of UNITS)
      expect(board.overdue.find((g) => g.unit.name === name)?.total ?? 0, name).toBe(
        mine[name]!.overdue,
      );

    // The ledger's count of what each unit leads.
    for (const name of UNITS) {
      const l = await data<{ total: number }>(
        `/?unit=${units[name]}&role=LEAD`,
        "routes/_index",
        "reviewer",
      );
      expect(l.total, name).toBe(mine[name]!.led);
    }

    // The reviewer's weekly digest, computed now by the real job.
    const today = shanghaiDate(new Date());
    await runDigest(f.db, today);
    const reviewer = await f.db.user.findUniqueOrThrow({
      where: { email: "reviewer@figures.test" },
    });
    const digest = await f.db.email.findFirstOrThrow({
      where: { toUserId: reviewer.id, kind: "DIGEST" },
      include: { body: true },
    });
    for (const name of UNITS) {
      const m = mine[name]!;
      expect(digest.body.text, name).toContain(
        `- ${name}：${m.led}｜${m.done}｜${m.overdue}｜${m.onTimeRate}｜${m.completionRate}`,
      );
      // And the unit's own digest counts its lights as its /my does.
      const own = await f.db.email.findFirstOrThrow({
        where: { kind: "DIGEST", toUserId: liaisonIds[name] },
        include: { body: true },
      });
      expect(own.body.text, name).toContain(
        `牵头${m.led}项（红灯${m.red}、黄灯${m.amber}、绿灯${m.green}；逾期${m.overdue}项；完成率${m.completionRate}；`,
      );
    }

    // The roll-up for 商务厅, built now by the real job: its data, the XLSX and the DOCX.
    const report = await f.db.rollupReport.create({
      data: {
        period: lastClosedPeriod(new Date(), readCalendar(f.db)),
        supervisorId: units["商务厅"],
      },
    });
    await buildRollup(f.db, report.id);
    const built = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    const rollup = JSON.parse(built.data!) as {
      overview: { total: number; red: number; amber: number; green: number };
      bulletin: BulletinData;
      units: Array<{
        unit: string;
        led: number;
        completed: number;
        overdue: number;
        completionRate: number;
        onTimeRate: number | null;
        late: number;
        missing: number;
      }>;
      measures: Array<{ id: string; lastReport: string }>;
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(f.dir, built.xlsxFile!));
    const sheet = wb.getWorksheet("单位")!;
    const xlsx = new Map<string, number[]>();
    sheet.eachRow((row, n) => {
      if (n > 1)
        // Today's name, a predecessor's name as written in parentheses after it.
        xlsx.set(
          row.getCell(1).text.replace(/（.*）$/, ""),
          [2, 3, 4, 6, 8, 9].map((c) => Number(row.getCell(c).text)),
        );
    });
    const zip = await JSZip.loadAsync(readFileSync(path.join(f.dir, built.docxFile!)));
    const words = [
      ...(await zip.file("word/document.xml")!.async("string")).matchAll(
        /<w:t(?: [^>]*)?>([^<]*)</g,
      ),
    ].map((m) => m[1]!);
    for (const name of UNITS) {
      const m = mine[name]!;
      const u = rollup.units.find((x) => x.unit === name)!;
      expect(
        {
          led: u.led,
          done: u.completed,
          overdue: u.overdue,
          onTimeRate: formatRate(u.onTimeRate),
          completionRate: `${u.completionRate}%`,
          late: u.late,
          missing: u.missing,
        },
        name,
      ).toEqual({
        late: m.late,
        missing: m.missing,
        led: m.led,
        done: m.done,
        overdue: m.overdue,
        onTimeRate: m.onTimeRate,
        completionRate: m.completionRate,
      });
      expect(xlsx.get(name), name).toEqual([
        m.led,
        m.done,
        m.overdue,
        u.completionRate,
        m.late,
        m.missing,
      ]);
      // The bulletin (督办通报) names the unit with the same overdue count, when it names it.
      const named = rollup.bulletin.overdue.find((x) => x.unit === name);
      if (named) expect(named.overdue, name).toBe(m.overdue);
      // Its 迟报 and 缺报 as the bulletin names them (a unit with none is not named).
      expect(rollup.bulletin.late.find((x) => x.unit === name)?.late ?? 0, name).toBe(m.late);
      expect(rollup.bulletin.missing.find((x) => x.unit === name)?.missing ?? 0, name).toBe(
        m.missing,
      );
      const at = words.findIndex((w) => w === name || w.startsWith(`${name}（`));
      expect(words.slice(at + 1, at + 5), name).toEqual([
        String(m.led),
        String(m.done),
        String(m.overdue),
        `${u.completionRate}%`,
      ]);
    }
    // Each measure's last-period report in the roll-up is what the task page's slot table says
    // of its lead unit's slot for that period (one comparison: standing.ts filedLate).
    type SlotsData = {
      slots: {
        units: Array<{
          role: string;
          unit: { name: string };
          slots: Array<{ period: string; state: SlotState }>;
        }>;
      };
    };
    const seen = new Set<string>();
    for (const [key, id] of Object.entries(tasks)) {
      const page = await data<SlotsData>(`/tasks/${id}`, "routes/tasks.$taskId._index", "reviewer");
      const lead = page.slots.units.find((u) => u.role === "LEAD")!;
      const slot = lead.slots.find((x) => x.period === rollup.bulletin.period)!;
      const listed = rollup.measures.find((x) => x.id === id)!.lastReport;
      expect(listed, key).toBe(SLOT_STATE_LABEL[slot.state]);
      seen.add(listed);
    }
    expect([...seen].sort()).toEqual(["按时报送", "缺报", "迟报"].sort());
    // The briefing marks the late report where it lists the measure's progress.
    expect(words).toContain("【迟报】情形 late 的报送");
    const b = rollup.bulletin.figures;
    expect([b.tasks, b.red, b.amber, b.green]).toEqual([
      rollup.overview.total,
      rollup.overview.red,
      rollup.overview.amber,
      rollup.overview.green,
    ]);
  });

  it("for each unit: the reminder email names the same days overdue as its pages", async () => {
    // Reminders go out on working days only: run the next one's (at the real clock).
    const today = workingDayOnOrAfter(shanghaiDate(new Date()));
    await runReminders(f.db, today);
    for (const name of UNITS) {
      const my = await data<{
        leads: Array<{
          ref: string;
          heading: string;
          daysOverdue: number;
          document: { title: string };
        }>;
        coOwns: Array<{
          ref: string;
          heading: string;
          daysOverdue: number;
          document: { title: string };
        }>;
      }>("/my", "routes/my", name);
      const email = await f.db.email.findFirstOrThrow({
        where: { kind: "REMINDER", key: { contains: today }, toUserId: liaisonIds[name] },
        include: { body: true },
      });
      for (const t of [...my.leads, ...my.coOwns].filter((t) => t.daysOverdue > 0).slice(0, 10))
        expect(email.body.text, `${name} ${t.ref}`).toContain(
          `${t.document.title} ${t.ref} ${t.heading}：任务已逾期 ${t.daysOverdue} 天`,
        );
    }
  });
});
