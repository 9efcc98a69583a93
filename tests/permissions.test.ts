// The permission matrix: each role × each action × own unit (lead / co) or another unit's task ×
// whether the user's unit supervises the task's jurisdiction, first as the pure rule, then through
// the request path that refuses with 403 and logs.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/auth.server";
import { authorizeTask, unitRelation } from "~/models/access.server";
import {
  may,
  mayEditUnits,
  mayLinkMeasures,
  mayKeepConferenceMembers,
  mayRecordMeetings,
  readsBoard,
  readsRollups,
  ROLES,
  TASK_ACTIONS,
  type Relation,
} from "~/models/permissions";
import { seedAll } from "~/seed/seed.server";
import { tempDatabase } from "./helpers/db";

const EXPECTED: Record<string, Record<string, [lead: boolean, co: boolean, other: boolean]>> = {
  LIAISON: {
    read: [true, true, false],
    report: [true, true, false],
    complete: [true, false, false],
    assign: [false, false, false],
    setDueDate: [false, false, false],
    urge: [false, false, false],
    close: [false, false, false],
    reopen: [false, false, false],
    acknowledge: [true, true, false],
    sendBack: [false, false, false],
    requestExtension: [true, false, false],
    decideExtension: [false, false, false],
    planMilestones: [true, false, false],
    completeMilestone: [true, false, false],
    instruct: [false, false, false],
    overrideLight: [false, false, false],
    reopenSlot: [false, false, false],
    setCycle: [false, false, false],
    escalate: [false, false, false],
  },
  REVIEWER: {
    read: [true, true, true],
    report: [false, false, false],
    complete: [false, false, false],
    assign: [true, true, true],
    setDueDate: [true, true, true],
    urge: [true, true, true],
    close: [true, true, true],
    reopen: [true, true, true],
    acknowledge: [false, false, false],
    sendBack: [true, true, true],
    requestExtension: [false, false, false],
    decideExtension: [true, true, true],
    planMilestones: [true, true, true],
    completeMilestone: [false, false, false],
    instruct: [false, false, false],
    overrideLight: [true, true, true],
    reopenSlot: [true, true, true],
    setCycle: [true, true, true],
    escalate: [true, true, true],
  },
  ADMIN: {
    read: [true, true, true],
    report: [false, false, false],
    complete: [false, false, false],
    assign: [false, false, false],
    setDueDate: [false, false, false],
    urge: [false, false, false],
    close: [false, false, false],
    reopen: [false, false, false],
    overrideLight: [false, false, false],
    reopenSlot: [false, false, false],
    setCycle: [false, false, false],
    acknowledge: [false, false, false],
    sendBack: [false, false, false],
    requestExtension: [false, false, false],
    decideExtension: [false, false, false],
    planMilestones: [false, false, false],
    completeMilestone: [false, false, false],
    instruct: [false, false, false],
    escalate: [false, false, false],
  },
  // 分管领导 of a supervising unit: reads what it supervises and writes instructions, nothing else.
  LEADER: {
    read: [true, true, true],
    report: [false, false, false],
    complete: [false, false, false],
    assign: [false, false, false],
    setDueDate: [false, false, false],
    urge: [false, false, false],
    close: [false, false, false],
    reopen: [false, false, false],
    acknowledge: [false, false, false],
    sendBack: [false, false, false],
    requestExtension: [false, false, false],
    decideExtension: [false, false, false],
    planMilestones: [false, false, false],
    completeMilestone: [false, false, false],
    overrideLight: [false, false, false],
    reopenSlot: [false, false, false],
    setCycle: [false, false, false],
    instruct: [true, true, true],
    escalate: [false, false, false],
  },
};

describe("permission rule", () => {
  const relations: Relation[] = ["LEAD", "CO", null];
  for (const role of ROLES) {
    for (const action of TASK_ACTIONS) {
      it(`${role} ${action}: lead/co/other = ${EXPECTED[role]![action]!.join("/")} where their unit supervises`, () => {
        expect(relations.map((r) => may(role, action, { relation: r, supervises: true }))).toEqual(
          EXPECTED[role]![action],
        );
      });
      // Outside what their unit supervises, a reviewer may do nothing; the others as before.
      const outside =
        role === "REVIEWER" || role === "LEADER" ? [false, false, false] : EXPECTED[role]![action]!;
      it(`${role} ${action}: lead/co/other = ${outside.join("/")} where their unit does not supervise`, () => {
        expect(relations.map((r) => may(role, action, { relation: r, supervises: false }))).toEqual(
          outside,
        );
      });
    }
  }
  it("an unknown role may do nothing", () =>
    expect(TASK_ACTIONS.some((a) => may("GUEST", a, { relation: "LEAD", supervises: true }))).toBe(
      false,
    ));
});

describe("permission checks on requests", () => {
  const t = tempDatabase();
  let taskId: string;
  const users: Record<string, SessionUser> = {};
  beforeAll(async () => {
    await seedAll(t.db, path.resolve(__dirname, "../seeds"));
    // 二.(二).1 of the 2016 Sichuan opinions: led by 省经济和信息化委 (today 经济和信息化厅), 商务厅 co-owns.
    const task = await t.db.task.findFirstOrThrow({
      where: { ref: "二.(二).1", document: { slug: "sc-2016-processing-trade" } },
    });
    taskId = task.id;
    const unit = (name: string) =>
      t.db.unit.findFirstOrThrow({ where: { name, jurisdiction: { code: "SC" } } });
    const mk = async (key: string, role: string, unitName: string | null) => {
      const u = await t.db.user.create({
        data: {
          email: `${key}@example.test`,
          name: key,
          role,
          unitId: unitName ? (await unit(unitName)).id : null,
        },
      });
      users[key] = {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        unitId: u.unitId,
        isDemo: false,
        sessionId: "",
      };
    };
    await mk("lead", "LIAISON", "经济和信息化厅"); // successor of the named lead
    await mk("co", "LIAISON", "商务厅");
    await mk("other", "LIAISON", "司法厅");
    await mk("reviewer", "REVIEWER", "商务厅");
    await mk("admin", "ADMIN", null);
    // 市商务局 supervises 天津市, not 四川省.
    const tj = await t.db.unit.findFirstOrThrow({
      where: { name: "市商务局", jurisdiction: { code: "TJ" } },
    });
    const u = await t.db.user.create({
      data: {
        email: "reviewer-tj@example.test",
        name: "天津审核员",
        role: "REVIEWER",
        unitId: tj.id,
      },
    });
    users["reviewer-tj"] = {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      unitId: u.unitId,
      isDemo: false,
      sessionId: "",
    };
  });
  afterAll(() => t.cleanup());

  it("resolves the unit's relation through successors", async () => {
    expect(await unitRelation(t.db, users.lead!, taskId)).toBe("LEAD");
    expect(await unitRelation(t.db, users.co!, taskId)).toBe("CO");
    expect(await unitRelation(t.db, users.other!, taskId)).toBeNull();
  });

  const request = (p: string, method = "GET") => new Request(`http://localhost${p}`, { method });
  const cases: Array<[string, "LEAD" | "CO" | null]> = [
    ["lead", "LEAD"],
    ["co", "CO"],
    ["other", null],
  ];
  for (const action of TASK_ACTIONS) {
    it(`liaisons: ${action} is allowed or refused with 403 and logged`, async () => {
      for (const [key, relation] of cases) {
        const allowed =
          EXPECTED.LIAISON![action]![relation === "LEAD" ? 0 : relation === "CO" ? 1 : 2];
        const before = await t.db.auditEvent.count({ where: { type: "access.denied" } });
        const attempt = authorizeTask(
          t.db,
          request(`/tasks/${taskId}`, "POST"),
          users[key]!,
          taskId,
          action,
        );
        if (allowed) {
          await expect(attempt).resolves.toMatchObject({ relation });
        } else {
          const response = await attempt.then(
            () => null,
            (e: unknown) => e as Response,
          );
          expect(response?.status).toBe(403);
          expect(await t.db.auditEvent.count({ where: { type: "access.denied" } })).toBe(
            before + 1,
          );
        }
      }
    });
  }
  it("reviewers act on what their unit supervises; admins read any task but cannot review", async () => {
    await expect(
      authorizeTask(t.db, request("/"), users.reviewer!, taskId, "close"),
    ).resolves.toEqual({ relation: "CO", supervises: true });
    await expect(authorizeTask(t.db, request("/"), users.admin!, taskId, "read")).resolves.toEqual({
      relation: null,
      supervises: false,
    });
    await expect(
      authorizeTask(t.db, request("/"), users.admin!, taskId, "close"),
    ).rejects.toMatchObject({ status: 403 });
  });
  it("a Tianjin reviewer cannot act on, or read, a Sichuan task — and may on Tianjin's and its copy of a national measure", async () => {
    for (const action of TASK_ACTIONS) {
      const before = await t.db.auditEvent.count({ where: { type: "access.denied" } });
      await expect(
        authorizeTask(
          t.db,
          request(`/tasks/${taskId}`, "POST"),
          users["reviewer-tj"]!,
          taskId,
          action,
        ),
      ).rejects.toMatchObject({ status: 403 });
      expect(await t.db.auditEvent.count({ where: { type: "access.denied" } })).toBe(before + 1);
    }
    const tianjin = await t.db.task.findFirstOrThrow({
      where: { ref: "三.(一).1", document: { slug: "tj-2017-processing-trade" } },
    });
    await expect(
      authorizeTask(t.db, request("/"), users["reviewer-tj"]!, tianjin.id, "assign"),
    ).resolves.toMatchObject({ supervises: true });
    await expect(
      authorizeTask(t.db, request("/"), users.reviewer!, tianjin.id, "assign"),
    ).rejects.toMatchObject({ status: 403 });
    // 国发〔2016〕4号 has a task per adopter: each reviewer acts on their own jurisdiction's.
    const national = await t.db.task.findMany({
      where: { ref: "二.(四)", document: { slug: "cn-2016-processing-trade" } },
      include: { jurisdiction: true },
    });
    expect(national.map((n) => n.jurisdiction.code).sort()).toEqual(["SC", "TJ"]);
    for (const n of national) {
      const mine = n.jurisdiction.code === "TJ" ? users["reviewer-tj"]! : users.reviewer!;
      const other = n.jurisdiction.code === "TJ" ? users.reviewer! : users["reviewer-tj"]!;
      await expect(authorizeTask(t.db, request("/"), mine, n.id, "assign")).resolves.toMatchObject({
        supervises: true,
      });
      await expect(authorizeTask(t.db, request("/"), other, n.id, "assign")).rejects.toMatchObject({
        status: 403,
      });
    }
  });
  it("a changed id in the URL gives 404 for a task that does not exist", async () => {
    await expect(
      authorizeTask(t.db, request("/tasks/nope"), users.lead!, "nope", "read"),
    ).rejects.toMatchObject({ status: 404 });
  });
  it("logs who was refused, what and where", async () => {
    const e = await t.db.auditEvent.findFirstOrThrow({
      where: { type: "access.denied", actorId: users.other!.id },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(e.payload)).toMatchObject({
      method: "POST",
      path: `/tasks/${taskId}`,
      taskId,
    });
  });
});

describe("who reads the board and the roll-ups", () => {
  // A leader (分管领导) reads what its supervising unit supervises, as a reviewer does.
  it("the board (督办总览): reviewers and leaders, not liaisons or admins", () => {
    expect(ROLES.map((r) => readsBoard(r))).toEqual([false, true, false, true]);
  });
  it("roll-up reports: reviewers, leaders and admins, not liaisons", () => {
    expect(ROLES.map((r) => readsRollups(r))).toEqual([false, true, true, true]);
  });
});

describe("who keeps the unit directory and links measures", () => {
  it("units: an admin everywhere, a reviewer where their unit supervises, a liaison never", () => {
    expect(ROLES.map((r) => [mayEditUnits(r, true), mayEditUnits(r, false)])).toEqual([
      [false, false], // LIAISON
      [true, false], // REVIEWER
      [true, true], // ADMIN
      [false, false], // LEADER
    ]);
  });
  it("meetings and their decisions: a reviewer where their unit supervises; no one else", () => {
    expect(ROLES.map((r) => [mayRecordMeetings(r, true), mayRecordMeetings(r, false)])).toEqual([
      [false, false], // LIAISON
      [true, false], // REVIEWER
      [false, false], // ADMIN
      [false, false], // LEADER
    ]);
  });
  it("the conference member list: a reviewer of a supervising unit; no one else", () => {
    expect(
      ROLES.map((r) => [mayKeepConferenceMembers(r, true), mayKeepConferenceMembers(r, false)]),
    ).toEqual([
      [false, false], // LIAISON
      [true, false], // REVIEWER
      [false, false], // ADMIN
      [false, false], // LEADER
    ]);
  });
  it("measure links: a reviewer where their unit supervises; admins do not review", () => {
    expect(ROLES.map((r) => [mayLinkMeasures(r, true), mayLinkMeasures(r, false)])).toEqual([
      [false, false],
      [true, false],
      [false, false],
      [false, false],
    ]);
  });
});
