// Weekly digest (Mondays 08:30 Shanghai) to everyone who chose WEEKLY, computed as of the moment
// it runs (a digest made up on a Wednesday counts what is true on Wednesday).
// Liaisons: their unit's tasks by light, what changed since last week's digest, what is due this
// week. Reviewers: for what their unit supervises, counts by light, a per-unit table (led,
// completed, overdue, on-time report rate, completion rate), newly overdue tasks, and the
// 需协调事项 raised. Every task is named with its document; empty sections are left out; what
// seeding wrote (tasks imported or synced from a document) is not a change.
import type { PrismaClient } from "../app/generated/prisma/client";
import { addManyToOutbox, type OutboxEmail } from "../app/email/outbox.server";
import { html, layout, raw, table, type Raw } from "../app/email/html";
import { formatRate, LIGHT_LABEL, type Figures } from "../app/models/standing";
import { myTasks } from "../app/models/my-tasks.server";
import { reviewBoard } from "../app/models/review.server";
import { figuresByLeadUnit, figuresOf, supervisionScope } from "../app/models/standing.server";
import { taskIndex } from "../app/models/task-index.server";
import { compareUnitNames } from "../app/models/unit-order";
import { extensionsForDigest } from "../app/models/extension.server";
import { AUDIT_EVENT, EXTENSION_STATUS } from "../app/ui/labels";
import { endOfDayShanghai, shanghaiDate, sqliteTime } from "../app/utils/time";
import { addDays, isoWeek, shanghaiTime } from "../app/utils/week";
import { appUrl, MAX_ITEMS_PER_EMAIL, type RunClock } from "./reminders";

/** Timeline entries seeding and imports write: what a document says, not what a unit did. */
export const SEEDING_EVENTS = [
  "task.seeded",
  "task.imported",
  "task.archived",
  "task.restored",
  "task.updated_from_document",
  "task.missing_from_document",
  "assignment.removed_by_document",
];

const lightLine = (f: Figures) => `红灯${f.red}、黄灯${f.amber}、绿灯${f.green}`;

export async function runDigest(db: PrismaClient, date: string, clock: RunClock = {}) {
  const at = clock.now ?? new Date();
  // The week since last week's digest (its scheduled moment), up to now.
  const weekAgo = shanghaiTime(addDays(date, -7), 8, 30);
  const weekAhead = endOfDayShanghai(addDays(shanghaiDate(at), 6));
  const week = isoWeek(date);
  const base = appUrl();
  const users = await db.user.findMany({
    where: { active: true, digest: "WEEKLY", role: { in: ["LIAISON", "REVIEWER"] } },
    select: { id: true, email: true, role: true, unitId: true, unit: { select: { name: true } } },
    orderBy: { email: "asc" },
  });
  const emails: OutboxEmail[] = [];
  // Liaisons of one unit get the same digest, and reviewers of one supervising unit: computed once.
  const perUnit = new Map<string, Composed | null>();
  const perSupervisor = new Map<string | null, Composed | null>();
  for (const u of users) {
    let content: Composed | null;
    if (u.role === "LIAISON" && u.unitId) {
      if (!perUnit.has(u.unitId))
        perUnit.set(
          u.unitId,
          await liaisonDigest(db, u.unitId, u.unit!.name, { at, weekAgo, weekAhead, week, base }),
        );
      content = perUnit.get(u.unitId)!;
    } else if (u.role === "REVIEWER") {
      if (!perSupervisor.has(u.unitId)) {
        const d = await reviewerDigest(db, u.unitId, at, weekAgo);
        perSupervisor.set(u.unitId, d.scope.length > 0 ? composeReviewer(d, week, base) : null);
      }
      content = perSupervisor.get(u.unitId)!;
    } else continue;
    if (!content) continue;
    emails.push({
      key: `digest:${u.id}:${week}`,
      kind: "DIGEST",
      to: u.email,
      toUserId: u.id,
      subject: content.subject,
      text: content.text,
      html: layout(content.subject, content.body, "可在“个人设置”中选择是否接收周报。"),
    });
  }
  const ids = await addManyToOutbox(db, emails);
  return { date, week, digests: ids.length, emailIds: ids };
}

type Composed = { subject: string; text: string; body: Raw };
type Window = { at: Date; weekAgo: Date; weekAhead: Date; week: string; base: string };

const more = (n: number, base: string, path: string) =>
  n > 0 ? html`<p>另有 ${n} 项，请<a href="${base}${path}">登录查看</a>。</p>` : "";

async function liaisonDigest(
  db: PrismaClient,
  unitId: string,
  unitName: string,
  w: Window,
): Promise<Composed> {
  const { at, weekAgo, weekAhead, week, base } = w;
  const mine = await myTasks(db, unitId, at);
  const tasks = [...mine.leads, ...mine.coOwns];
  const f = mine.figures;
  const c = mine.coFigures;
  // The week's timeline entries of the unit's tasks, found through the (taskId, createdAt)
  // index from the unit's task ids; a filter through assignments would scan every event.
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const events = await db.$queryRawUnsafe<
    Array<{ type: string; createdAt: string; taskId: string }>
  >(
    `SELECT e.type, e.createdAt, e.taskId FROM "AuditEvent" e
     WHERE e.taskId IN (SELECT value FROM json_each(?)) AND e.createdAt >= ? AND e.createdAt <= ?
       AND e.type NOT IN (SELECT value FROM json_each(?))`,
    JSON.stringify([...byId.keys()]),
    sqliteTime(weekAgo),
    sqliteTime(at),
    JSON.stringify(SEEDING_EVENTS),
  );
  const changes = events
    .map((e) => ({ type: e.type, createdAt: new Date(e.createdAt), task: byId.get(e.taskId)! }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const dueSoon = tasks.filter(
    (t) =>
      t.dueDate &&
      t.status !== "COMPLETED" &&
      t.status !== "CLOSED" &&
      t.dueDate >= at &&
      t.dueDate <= weekAhead,
  );
  const reportDue = mine.info.deadline >= at && mine.info.deadline <= weekAhead;
  // Red before amber, longest overdue first; an email shows the first MAX_ITEMS_PER_EMAIL of each
  // list and links to the rest (a unit can lead hundreds of late tasks).
  const flagged = tasks
    .filter((t) => t.light === "RED" || t.light === "AMBER")
    .sort((a, b) =>
      a.light === b.light ? b.daysOverdue - a.daysOverdue : a.light === "RED" ? -1 : 1,
    );
  const shownFlagged = flagged.slice(0, MAX_ITEMS_PER_EMAIL);
  const shownChanges = changes.slice(-MAX_ITEMS_PER_EMAIL);
  const name = (t: { ref: string; heading: string; document: { title: string } }) =>
    `${t.document.title} ${t.ref} ${t.heading}`;
  const red = f.red + c.red;
  const amber = f.amber + c.amber;
  const subject = `【督办周报】${unitName} ${week}：红灯${red}项、黄灯${amber}项`;
  const summary = `牵头${f.tasks}项（${lightLine(f)}；逾期${f.overdue}项；完成率${formatRate(f.completionRate)}；${f.lastPeriod}期按时报送率${formatRate(f.onTimeRate)}）；配合${c.tasks}项（${lightLine(c)}）`;
  const text = [
    `${unitName} ${week} 督办周报`,
    summary,
    ...(flagged.length
      ? [
          `需关注（${flagged.length}）`,
          ...shownFlagged.map(
            (t) =>
              `- ${LIGHT_LABEL[t.light!]} ${name(t)}${t.daysOverdue ? `（逾期${t.daysOverdue}天）` : ""} ${base}/tasks/${t.id}`,
          ),
        ]
      : []),
    ...(changes.length
      ? [
          `上周变化：${changes.length}条`,
          ...shownChanges.map(
            (c) =>
              `- ${shanghaiDate(c.createdAt)} ${name(c.task)}：${AUDIT_EVENT[c.type] ?? c.type}`,
          ),
          ...(changes.length > MAX_ITEMS_PER_EMAIL
            ? [`  另有 ${changes.length - MAX_ITEMS_PER_EMAIL} 条，请登录查看：${base}/my`]
            : []),
        ]
      : []),
    ...(dueSoon.length || reportDue
      ? [
          `本周到期：${dueSoon.length}项${reportDue ? `；本期进展报送截止 ${shanghaiDate(mine.info.deadline)}` : ""}`,
          ...dueSoon.map((t) => `- ${name(t)} ${base}/tasks/${t.id}`),
        ]
      : []),
  ].join("\n");
  const body = html`<p>${summary}。</p>
    ${
      flagged.length
        ? html`<h3>需关注（${flagged.length}）</h3>
            ${table(
              ["灯", "文件", "编号", "任务", "完成时限"],
              shownFlagged.map((t) => [
                LIGHT_LABEL[t.light!],
                t.document.title,
                t.ref,
                raw(html`<a href="${base}/tasks/${t.id}">${t.heading}</a>`.html),
                t.dueDate ? shanghaiDate(t.dueDate) : "—",
              ]),
            )}
            ${more(flagged.length - shownFlagged.length, base, "/my")}`
        : ""
    }
    ${
      changes.length
        ? html`<h3>上周变化（${changes.length}）</h3>
            ${table(
              ["日期", "文件", "任务", "变化"],
              shownChanges.map((c) => [
                shanghaiDate(c.createdAt),
                c.task.document.title,
                `${c.task.ref} ${c.task.heading}`,
                AUDIT_EVENT[c.type] ?? c.type,
              ]),
            )}
            ${more(changes.length - shownChanges.length, base, "/my")}`
        : ""
    }
    ${
      dueSoon.length || reportDue
        ? html`<h3>本周到期（${dueSoon.length}）</h3>
            ${reportDue ? html`<p>本期进展报送截止：${shanghaiDate(mine.info.deadline)}</p>` : ""}
            ${
              dueSoon.length
                ? table(
                    ["文件", "编号", "任务", "完成时限"],
                    dueSoon.map((t) => [
                      t.document.title,
                      t.ref,
                      t.heading,
                      shanghaiDate(t.dueDate!),
                    ]),
                  )
                : ""
            }`
        : ""
    }`;
  return { subject, text, body };
}

function composeReviewer(
  d: Awaited<ReturnType<typeof reviewerDigest>>,
  week: string,
  base: string,
): Composed {
  const scope = d.scope.join("、");
  const o = d.overall;
  const subject = `【督办周报】${scope} ${week}：红灯${o.red}项、黄灯${o.amber}项、新增逾期${d.newlyOverdue.length}项`;
  const overview = `共${o.tasks}项：${lightLine(o)}、已办结/销号${o.done}；逾期${o.overdue}项；完成率${formatRate(o.completionRate)}；${o.lastPeriod}期按时报送率${formatRate(o.onTimeRate)}`;
  const text = [
    `督办周报 ${scope} ${week}`,
    overview,
    ...(d.units.length
      ? [
          "单位：牵头｜完成｜逾期｜按时报送率｜完成率",
          ...d.units.map(
            (x) =>
              `- ${x.unit}：${x.led}｜${x.completed}｜${x.overdue}｜${x.onTimeRate}｜${x.completionRate}`,
          ),
        ]
      : []),
    ...(d.newlyOverdue.length
      ? [
          `新增逾期（${d.newlyOverdue.length}）`,
          ...d.newlyOverdue.map((t) => `- ${t.document} ${t.ref} ${t.heading}（${t.lead}）`),
        ]
      : []),
    ...(d.extensions.length
      ? [`延期申请（${d.extensions.length}）`, ...d.extensions.map((e) => `- ${extensionLine(e)}`)]
      : []),
    ...(d.coordination.length
      ? [
          `需协调事项（${d.coordination.length}）`,
          ...d.coordination.map(
            (c) => `- ${c.unit}｜${c.document} ${c.ref} ${c.heading}：${c.text}`,
          ),
        ]
      : []),
  ].join("\n");
  const body = html`<p>${overview}。</p>
    ${
      d.units.length
        ? html`<h3>各单位</h3>
            ${table(
              ["牵头单位", "牵头任务", "已完成", "逾期", "按时报送率", "完成率"],
              d.units.map((x) => [
                x.unit,
                x.led,
                x.completed,
                x.overdue,
                x.onTimeRate,
                x.completionRate,
              ]),
            )}`
        : ""
    }
    ${
      d.newlyOverdue.length
        ? html`<h3>新增逾期（${d.newlyOverdue.length}）</h3>
            ${table(
              ["牵头单位", "文件", "编号", "任务"],
              d.newlyOverdue.map((t) => [
                t.lead,
                t.document,
                t.ref,
                raw(html`<a href="${base}/tasks/${t.id}">${t.heading}</a>`.html),
              ]),
            )}`
        : ""
    }
    ${
      d.extensions.length
        ? html`<h3>延期申请（${d.extensions.length}）</h3>
            ${table(
              ["文件", "任务", "原定时限", "申请延至", "状态", "理由"],
              d.extensions.map((e) => [
                e.title,
                raw(
                  html`<a href="${base}/tasks/${e.taskId}">${e.ref} ${e.heading}</a
                    >${e.milestone ? `（节点「${e.milestone}」）` : ""}`.html,
                ),
                e.originalDate,
                e.requestedDate,
                EXTENSION_STATUS[e.status] ?? e.status,
                e.reason,
              ]),
            )}`
        : ""
    }
    ${
      d.coordination.length
        ? html`<h3>需协调事项（${d.coordination.length}）</h3>
            ${table(
              ["单位", "文件", "任务", "事项"],
              d.coordination.map((c) => [c.unit, c.document, `${c.ref} ${c.heading}`, c.text]),
            )}`
        : ""
    }`;
  return { subject, text, body };
}

/** A request waiting for a decision, or decided in the week. */
function extensionLine(e: Awaited<ReturnType<typeof extensionsForDigest>>[number]): string {
  const status = EXTENSION_STATUS[e.status] ?? e.status;
  const of = e.milestone ? `（节点「${e.milestone}」）` : "";
  return `${e.title} ${e.ref} ${e.heading}${of}：${e.originalDate} → ${e.requestedDate}（${status}）理由：${e.reason}${e.note ? `；意见：${e.note}` : ""}`;
}

/** The picture for a supervising unit's reviewers: what it supervises, as of `at`. */
export async function reviewerDigest(
  db: PrismaClient,
  supervisorId: string | null,
  at: Date,
  weekAgo: Date,
) {
  const index = taskIndex(db);
  const scope = supervisionScope(index, supervisorId);
  const board = await reviewBoard(db, {}, scope, at);
  const tasks = board.all.map((r) => r.task);
  const overall = figuresOf(index, tasks, board.now, board.rules);
  const units = figuresByLeadUnit(index, tasks, board.now, board.rules)
    .sort(
      (a, b) =>
        b.figures.overdue - a.figures.overdue ||
        b.figures.tasks - a.figures.tasks ||
        compareUnitNames(a.unit.name, b.unit.name),
    )
    .map(({ unit, figures: f }) => ({
      unitId: unit.id,
      unit: unit.name,
      led: f.tasks,
      completed: f.done,
      overdue: f.overdue,
      onTimeRate: formatRate(f.onTimeRate),
      completionRate: formatRate(f.completionRate),
      figures: f,
    }));
  const newlyOverdue = board.all.filter(
    (r) => r.dueDate && r.dueDate >= weekAgo && r.dueDate < at && r.daysOverdue > 0,
  );
  const jurisdictions = new Set(scope.ids);
  const coordination = (
    await db.progressReport.findMany({
      where: { createdAt: { gte: weekAgo, lte: at }, coordination: { not: "" } },
      orderBy: { createdAt: "asc" },
      select: {
        coordination: true,
        taskId: true,
        unit: { select: { name: true } },
        task: { select: { ref: true, heading: true, document: { select: { title: true } } } },
      },
    })
  ).filter((c) => jurisdictions.has(index.get(c.taskId)?.jurisdictionId ?? ""));
  return {
    scope: scope.ids.map((id) => index.jurisdiction(id)?.name ?? id),
    overall,
    counts: { RED: overall.red, AMBER: overall.amber, GREEN: overall.green, NONE: overall.done },
    units,
    newlyOverdue: newlyOverdue.map((r) => ({
      id: r.id,
      document: r.document.title,
      ref: r.ref,
      heading: r.heading,
      lead: r.leadUnit?.name ?? "待分配",
    })),
    /** Extension requests waiting for a decision, and those decided since last week's digest. */
    extensions: await extensionsForDigest(db, scope.ids, weekAgo, at),
    coordination: coordination.map((c) => ({
      unit: c.unit.name,
      document: c.task.document.title,
      ref: c.task.ref,
      heading: c.task.heading,
      text: c.coordination,
    })),
  };
}
