// Reminders pick exactly the right recipients on fixed dates, escalate weekly, and are idempotent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToOutbox, sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { submitReport } from "~/models/report.server";
import { planReminders, runReminders } from "../../jobs/reminders";
import { shanghaiTime } from "~/utils/week";
import { seededDatabase } from "../helpers/fixtures";

/** A run at its scheduled moment (08:00 in Shanghai on the date): what the worker does on time. */
const at8 = (date: string) => ({ now: shanghaiTime(date, 8) });
import { startSmtp } from "../helpers/smtp";

describe("reminders", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  const u: Record<string, { id: string; unitId: string | null; email: string }> = {};
  beforeAll(async () => {
    f = await seededDatabase();
    // Units whose only tasks are in the 2023 draft (due 2027): reminded only about reports.
    u.drugs = await f.user("LIAISON", "省药监局"); // co-owns 四.6
    u.data = await f.user("LIAISON", "省大数据中心"); // co-owns 四.7
    u.forest = await f.user("LIAISON", "省林草局"); // co-owns 二.1
    // A unit that also leads long-overdue 2016 measures.
    u.finance = await f.user("LIAISON", "财政厅");
    u.reviewer = await f.user("REVIEWER", "商务厅");
    u.inactive = await f.user("LIAISON", "省药监局", { active: false });
  });
  afterAll(() => f.cleanup());

  const recipients = async (date: string) =>
    (await planReminders(f.db, date, at8(date))).reminders.map((r) => r.userId).sort();

  it("5 working days and 1 working day before the report deadline (Wednesday the 25th), everyone owing a report", async () => {
    const owing = [u.drugs!.id, u.data!.id, u.forest!.id, u.finance!.id].sort();
    // 19, 20, 23, 24, 25 November: the weekend of the 21st and 22nd does not count.
    expect(await recipients("2026-11-18")).toEqual(owing);
    expect(await recipients("2026-11-24")).toEqual(owing);
    // Five calendar days before is three working days: only the overdue are reminded.
    expect(await recipients("2026-11-20")).toEqual([u.finance!.id]);
    const plan = await planReminders(f.db, "2026-11-18", at8("2026-11-18"));
    const drugs = plan.reminders.find((r) => r.userId === u.drugs!.id)!;
    expect(drugs.items.map((i) => [i.ref, i.reason])).toEqual([
      ["四.6", "本期（2026-11）进展报送 5 个工作日后截止"],
    ]);
  });
  it("on other days only those with something overdue", async () => {
    expect(await recipients("2026-11-19")).toEqual([u.finance!.id]);
    const finance = (await planReminders(f.db, "2026-11-19", at8("2026-11-19"))).reminders[0]!;
    expect(finance.items.every((i) => /^任务已逾期 \d+ 天$/.test(i.reason))).toBe(true);
    expect(finance.items.map((i) => i.ref)).toContain("三.(一)");
  });
  it("only on working days: not on a Sunday or in the National Day week, but on a make-up Saturday", async () => {
    expect(await recipients("2026-11-22")).toEqual([]); // a Sunday, though 财政厅 has overdue tasks
    expect(await recipients("2026-10-05")).toEqual([]); // 国庆节
    expect(await recipients("2026-10-10")).toContain(u.finance!.id); // 调休上班
    const sunday = await runReminders(f.db, "2026-11-22", at8("2026-11-22"));
    expect(sunday).toMatchObject({ reminders: 0, escalations: 0, emailIds: [] });
  });
  it("a unit that has reported this period is not reminded; after the deadline the others are, with days", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: u.drugs!.unitId!,
      authorId: u.drugs!.id,
      relation: "CO",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 20,
        progress: "已受理试点申请",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      now: new Date("2026-11-21T02:00:00Z"),
    });
    expect(await recipients("2026-11-24")).not.toContain(u.drugs!.id);
    const late = await planReminders(f.db, "2026-11-27", at8("2026-11-27"));
    expect(late.reminders.map((r) => r.userId)).toEqual(
      expect.arrayContaining([u.data!.id, u.forest!.id]),
    );
    expect(late.reminders.map((r) => r.userId)).not.toContain(u.drugs!.id);
    expect(late.reminders.find((r) => r.userId === u.forest!.id)!.items[0]!.reason).toBe(
      "本期（2026-11）进展报送已逾期 2 天",
    );
  });
  it("escalates tasks overdue more than 14 days to the lead unit's liaison (inside their reminder) and the reviewers", async () => {
    const plan = await planReminders(f.db, "2026-11-19", at8("2026-11-19"));
    expect(plan.escalations.map((e) => e.userId)).toEqual([u.reviewer!.id]);
    const finance = plan.reminders.find((r) => r.userId === u.finance!.id)!;
    expect(finance.escalation!.length).toBeGreaterThan(0);
    expect(finance.escalation!.every((t) => t.lead === "财政厅" && t.days > 14)).toBe(true);
    // Units that lead nothing long overdue carry no escalation.
    expect(
      plan.reminders.filter((r) => r.userId !== u.finance!.id).every((r) => r.escalation === null),
    ).toBe(true);
  });
  it("one email per liaison per day, and each person gets the week's escalation once, however often it runs", async () => {
    const first = await runReminders(f.db, "2026-11-23", at8("2026-11-23"));
    const again = await runReminders(f.db, "2026-11-23", at8("2026-11-23"));
    expect(again.emailIds).toEqual(first.emailIds);
    // Every email of the day goes to a different person: the escalation rode in 财政厅's reminder.
    const day = await f.db.email.findMany({
      where: { id: { in: first.emailIds } },
      select: {
        toUserId: true,
        kind: true,
        escalationWeek: true,
        body: { select: { subject: true } },
      },
    });
    expect(new Set(day.map((e) => e.toUserId)).size).toBe(day.length);
    expect(
      day
        .filter((e) => e.escalationWeek === "2026-W48")
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["ESCALATION", "REMINDER"]);
    expect(day.find((e) => e.toUserId === u.finance!.id)!.body.subject).toMatch(
      /项逾期超过14天已升级督办$/,
    );
    const nextDay = await runReminders(f.db, "2026-11-24", at8("2026-11-24")); // same ISO week: no escalation again
    const later = await f.db.email.findMany({
      where: { id: { in: nextDay.emailIds }, key: { endsWith: ":2026-11-24" } },
      select: { escalationWeek: true, body: { select: { subject: true } } },
    });
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => e.escalationWeek === null && !e.body.subject.includes("升级"))).toBe(
      true,
    );
    expect(await f.db.email.count({ where: { escalationWeek: "2026-W48" } })).toBe(2);
    expect(
      await f.db.email.count({ where: { kind: "REMINDER", key: { endsWith: ":2026-11-23" } } }),
    ).toBe(first.reminders);
    // The next week brings the next escalation.
    const monday = await runReminders(f.db, "2026-11-30", at8("2026-11-30"));
    expect(
      await f.db.email.count({
        where: { id: { in: monday.emailIds }, escalationWeek: "2026-W49" },
      }),
    ).toBe(2);
  });
  it("the outbox refuses a second escalation to one person in one week", async () => {
    await expect(
      addToOutbox(f.db, {
        key: "escalation:again",
        kind: "ESCALATION",
        to: u.reviewer!.email,
        toUserId: u.reviewer!.id,
        escalationWeek: "2026-W48",
        subject: "s",
        text: "t",
        html: "h",
      }),
    ).rejects.toThrow();
  });
  it("sends each email once, with a Chinese subject, escaped text and a link to the report form", async () => {
    const smtp = await startSmtp();
    try {
      const ids = (await runReminders(f.db, "2026-11-23", at8("2026-11-23"))).emailIds;
      for (const id of ids)
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SENT");
      for (const id of ids)
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SKIPPED");
      expect(smtp.received).toHaveLength(ids.length);
      const mail = smtp.received.find(
        (m) => m.to === u.finance!.email && m.subject.startsWith("【督办提醒】"),
      )!;
      expect(mail.subject).toMatch(
        /^【督办提醒】财政厅：\d+项任务逾期，\d+项逾期超过14天已升级督办$/,
      );
      expect(mail.text).toContain("【本周升级督办（2026-W48）】");
      expect(mail.text).toMatch(/http:\/\/localhost:\d+\/tasks\/\w+\/report/);
      expect(mail.html).toContain("<table");
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(ids.length);
    } finally {
      await smtp.close();
    }
  });
});
