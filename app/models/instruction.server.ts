// Leaders' instructions (领导批示). A 分管领导 of a unit supervising a task's jurisdiction writes an
// instruction on the task; it is on the timeline, the lead unit's liaisons are told through the
// outbox, and the lead's next report must say how it was carried out (落实批示情况). The answer is
// a row of its own linking report and instruction, and the leader is told it by email. Append-only (the database refuses changes):
// an instruction is answered while it has an answer whose report was not sent back as
// perfunctory (退回重办 of a report: its answer no longer counts, so the instruction is open again).
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction, type TxClient } from "../db/db.server";
import { addToOutbox } from "../email/outbox.server";
import { html, layout } from "../email/html";
import { appUrl } from "../config.server";
import { leadUnitIds, liaisonsOf, notifyLiaisons, taskTitle } from "./notify.server";

type Reader = PrismaClient | TxClient;

export type InstructionAnswerView = {
  id: string;
  reportId: string;
  unitName: string;
  text: string;
  createdAt: string;
  /** The report was sent back as perfunctory: the answer does not count. */
  sentBack: boolean;
};

export type InstructionView = {
  id: string;
  taskId: string;
  text: string;
  leaderName: string;
  unitName: string;
  createdAt: string;
  answered: boolean;
  answers: InstructionAnswerView[];
};

/** The instructions on these tasks, oldest first, each with its answers and derived state. */
export async function instructionsOf(db: Reader, taskIds: string[]): Promise<InstructionView[]> {
  if (taskIds.length === 0) return [];
  const rows = await db.instruction.findMany({
    where: { taskId: { in: taskIds } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (rows.length === 0) return [];
  const answers = await db.instructionAnswer.findMany({
    where: { instructionId: { in: rows.map((r) => r.id) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const sentBack = new Set(
    (
      await db.sendBack.findMany({
        where: { kind: "REPORT", reportId: { in: answers.map((a) => a.reportId) } },
        select: { reportId: true },
      })
    ).map((s) => s.reportId),
  );
  const users = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.leaderId))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const units = new Map(
    (
      await db.unit.findMany({
        where: { id: { in: [...new Set([...rows, ...answers].map((r) => r.unitId))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  return rows.map((r) => {
    const mine = answers
      .filter((a) => a.instructionId === r.id)
      .map((a) => ({
        id: a.id,
        reportId: a.reportId,
        unitName: units.get(a.unitId) ?? "",
        text: a.text,
        createdAt: a.createdAt.toISOString(),
        sentBack: sentBack.has(a.reportId),
      }));
    return {
      id: r.id,
      taskId: r.taskId,
      text: r.text,
      leaderName: users.get(r.leaderId) ?? "",
      unitName: units.get(r.unitId) ?? "",
      createdAt: r.createdAt.toISOString(),
      answered: mine.some((a) => !a.sentBack),
      answers: mine,
    };
  });
}

/** The instructions of a task the lead unit has not answered yet, oldest first. */
export async function openInstructions(db: Reader, taskId: string): Promise<InstructionView[]> {
  return (await instructionsOf(db, [taskId])).filter((i) => !i.answered);
}

export type InstructionRefusal = "closed";

/** A leader's instruction on a task, told to the lead unit's liaisons. Returns the notice ids. */
export async function writeInstruction(
  db: PrismaClient,
  args: { taskId: string; leaderId: string; unitId: string; text: string; now?: Date },
): Promise<
  { ok: true; id: string; emailIds: string[] } | { ok: false; reason: InstructionRefusal }
> {
  const now = args.now ?? new Date();
  return writeTransaction(db, async (tx) => {
    const task = await tx.task.findUniqueOrThrow({
      where: { id: args.taskId },
      select: { status: true, archivedAt: true },
    });
    // A closed-out (or archived) task takes no more reports, so nothing could answer it.
    if (task.status === "CLOSED" || task.archivedAt)
      return { ok: false as const, reason: "closed" as const };
    const [leader, unit] = await Promise.all([
      tx.user.findUniqueOrThrow({ where: { id: args.leaderId }, select: { name: true } }),
      tx.unit.findUniqueOrThrow({ where: { id: args.unitId }, select: { name: true } }),
    ]);
    const row = await tx.instruction.create({
      data: {
        taskId: args.taskId,
        leaderId: args.leaderId,
        unitId: args.unitId,
        text: args.text,
        createdAt: now,
      },
    });
    const event = await tx.auditEvent.create({
      data: {
        taskId: args.taskId,
        actorId: args.leaderId,
        type: "instruction.written",
        payload: JSON.stringify({ instructionId: row.id, unit: unit.name, text: args.text }),
        createdAt: now,
      },
    });
    const emailIds = await notifyLiaisons(
      tx,
      await liaisonsOf(tx, await leadUnitIds(tx, args.taskId)),
      {
        eventId: event.id,
        taskId: args.taskId,
        title: "领导批示",
        task: await taskTitle(tx, args.taskId),
        lines: [
          `${unit.name}分管领导${leader.name}对此项任务作出批示：`,
          `“${args.text}”`,
          "请认真抓好落实，并在下次报送进展时填写“落实批示情况”。",
        ],
        path: `/tasks/${args.taskId}/report`,
      },
    );
    return { ok: true as const, id: row.id, emailIds };
  });
}

export type AnswerCheck =
  { ok: true; open: string[] } | { ok: false; reason: "unanswered" | "new_instruction" };

/**
 * Whether a lead report may be filed as it stands: while instructions are open it must answer
 * them, and it answers only those its author saw (one written since the form was opened is
 * refused, so it is read before it counts as answered).
 */
export async function checkAnswer(
  tx: Reader,
  taskId: string,
  answer: { text: string; shown: string[] },
): Promise<AnswerCheck> {
  const open = (await openInstructions(tx, taskId)).map((i) => i.id);
  if (open.length === 0) return { ok: true, open };
  if (answer.text.trim() === "") return { ok: false, reason: "unanswered" };
  const shown = new Set(answer.shown);
  if (open.some((id) => !shown.has(id))) return { ok: false, reason: "new_instruction" };
  return { ok: true, open };
}

/**
 * Links a report to the instructions it answers (in the report's transaction) and tells each
 * instruction's leader how it was carried out (批示落实情况报领导). Returns the notice ids.
 */
export async function recordAnswers(
  tx: TxClient,
  args: {
    taskId: string;
    reportId: string;
    unitId: string;
    instructionIds: string[];
    text: string;
    now?: Date;
  },
): Promise<string[]> {
  const emailIds: string[] = [];
  if (args.instructionIds.length === 0) return emailIds;
  const [task, unit] = await Promise.all([
    taskTitle(tx, args.taskId),
    tx.unit.findUniqueOrThrow({ where: { id: args.unitId }, select: { name: true } }),
  ]);
  for (const instructionId of args.instructionIds) {
    const answer = await tx.instructionAnswer.create({
      data: {
        instructionId,
        reportId: args.reportId,
        taskId: args.taskId,
        unitId: args.unitId,
        text: args.text,
        ...(args.now ? { createdAt: args.now } : {}),
      },
    });
    const instruction = await tx.instruction.findUniqueOrThrow({ where: { id: instructionId } });
    const leader = await tx.user.findFirst({
      where: { id: instruction.leaderId, active: true },
      select: { id: true, email: true, name: true },
    });
    if (!leader) continue;
    const link = `${appUrl()}/tasks/${args.taskId}`;
    const subject = `【批示落实情况】${task}`;
    const lines = [
      `您对此项任务的批示：“${instruction.text}”`,
      `牵头单位${unit.name}报送的落实情况：${args.text}`,
    ];
    const { id } = await addToOutbox(tx, {
      // One per answer: a retried transaction writes none twice.
      key: `notice:answer:${answer.id}`,
      kind: "NOTICE",
      to: leader.email,
      toUserId: leader.id,
      subject,
      text: `${leader.name}您好：\n\n${task}\n\n${lines.join("\n")}\n\n查看任务：${link}`,
      html: layout(
        subject,
        html`<p>${leader.name}您好：</p>
          <p><strong>${task}</strong></p>
          ${lines.map((l) => html`<p>${l}</p>`)}
          <p><a href="${link}">查看任务</a></p>`,
        "此邮件由督办系统发送。",
      ),
    });
    emailIds.push(id);
  }
  return emailIds;
}

/**
 * For a unit's /my: the open instructions on the tasks it leads (its own, its predecessors' and
 * its collectives' lead assignments: `unitIds`), oldest first. Found through the instructions
 * (few), not a list of the unit's task ids (thousands for a city).
 */
export async function openInstructionsForUnits(
  db: PrismaClient,
  unitIds: string[],
): Promise<InstructionView[]> {
  const tasks = await db.$queryRawUnsafe<Array<{ taskId: string }>>(
    `SELECT DISTINCT i.taskId FROM "Instruction" i
     WHERE EXISTS (SELECT 1 FROM "Assignment" a WHERE a.taskId = i.taskId AND a.role = 'LEAD'
       AND a.removedAt IS NULL AND a.unitId IN (SELECT value FROM json_each(?)))`,
    JSON.stringify(unitIds),
  );
  return (
    await instructionsOf(
      db,
      tasks.map((t) => t.taskId),
    )
  ).filter((i) => !i.answered);
}

/**
 * For the board of a supervising unit: the open instructions on the tasks of the jurisdictions
 * it supervises (`jurisdictionIds`), oldest first — what leaders asked and leads still owe.
 */
export async function openInstructionsInJurisdictions(
  db: PrismaClient,
  jurisdictionIds: string[],
): Promise<InstructionView[]> {
  const tasks = await db.$queryRawUnsafe<Array<{ taskId: string }>>(
    `SELECT DISTINCT i.taskId FROM "Instruction" i JOIN "Task" t ON t.id = i.taskId
     WHERE t.archivedAt IS NULL AND t.jurisdictionId IN (SELECT value FROM json_each(?))`,
    JSON.stringify(jurisdictionIds),
  );
  return (
    await instructionsOf(
      db,
      tasks.map((t) => t.taskId),
    )
  ).filter((i) => !i.answered);
}
