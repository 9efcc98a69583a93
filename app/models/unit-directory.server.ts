// The unit directory kept by people: every write to units, aliases, collectives and successions.
// Each function checks what it is given (a clear Chinese message naming the field on refusal,
// nothing written), writes in one transaction, and records an audit event on the unit's page
// (AuditEvent.unitId). Given a PrismaClient it opens its own write transaction; given a
// transaction client (an import's commit), it writes inside that one.
//
// What people set here is theirs: each field changed is listed in the unit's editedFields, and a
// re-seed from seeds/units.json leaves those fields as people set them (app/seed/seed.server.ts).
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction, type TxClient } from "../db/db.server";
import { unitKey, UNIT_KINDS } from "../seed/unit-directory";
import { shanghaiDate } from "../utils/time";
import { isOpen } from "./standing";

const thisYear = () => Number(shanghaiDate(new Date()).slice(0, 4));

export type AliasKind = "ALIAS" | "ABBREVIATION";
export const ALIAS_KINDS: readonly AliasKind[] = ["ALIAS", "ABBREVIATION"];

/** Fields of a unit people can own; seeding leaves an owned field alone. */
export type EditableField = "name" | "kind" | "note" | "successor" | "members";

/** A refused edit: the form field it is about and the message shown next to it. */
export class DirectoryEditError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "DirectoryEditError";
  }
}

type Client = PrismaClient | TxClient;

/** Runs `fn` in the caller's transaction, or in a write transaction of its own. */
function inTransaction<T>(client: Client, fn: (tx: TxClient) => Promise<T>): Promise<T> {
  return "$transaction" in client ? writeTransaction(client as PrismaClient, fn) : fn(client);
}

const fail = (field: string, message: string): never => {
  throw new DirectoryEditError(field, message);
};

async function unitOrFail(tx: TxClient, unitId: string, field = "unitId") {
  const unit = await tx.unit.findUnique({ where: { id: unitId } });
  return unit ?? fail(field, "没有这个单位");
}

async function record(
  tx: TxClient,
  unitId: string,
  type: string,
  actorId: string | null,
  payload: Record<string, unknown>,
) {
  await tx.auditEvent.create({
    data: { unitId, type, actorId, payload: JSON.stringify(payload) },
  });
}

function owned(editedFields: string, add: EditableField[]): string {
  const set = new Set<string>(JSON.parse(editedFields || "[]") as string[]);
  for (const f of add) set.add(f);
  return JSON.stringify([...set].sort());
}

/** The fields of a unit people have changed (seeding leaves them alone). */
export function editedFieldsOf(unit: { editedFields: string }): EditableField[] {
  return JSON.parse(unit.editedFields || "[]") as EditableField[];
}

/** A name as stored: full-width brackets, no spaces; refused if empty or too long. */
function cleanName(raw: string, field: string): string {
  const name = unitKey(raw ?? "");
  if (!name) fail(field, "请填写名称");
  if ([...name].length > 60) fail(field, "名称不能超过 60 个字");
  return name;
}

/**
 * Who already goes by `name` in the jurisdiction: a unit of that name, or a unit with that
 * active alias. Removed aliases do not count (they may be given again).
 */
async function nameHolder(tx: TxClient, jurisdictionId: string, name: string) {
  const unit = await tx.unit.findUnique({
    where: { jurisdictionId_name: { jurisdictionId, name } },
    select: { id: true, name: true, recognized: true },
  });
  if (unit) return { unitId: unit.id, unitName: unit.name, as: "name" as const, unit };
  const alias = await tx.unitAlias.findUnique({
    where: { jurisdictionId_alias: { jurisdictionId, alias: name } },
    include: { unit: { select: { id: true, name: true } } },
  });
  if (alias && !alias.removedAt)
    return { unitId: alias.unitId, unitName: alias.unit.name, as: "alias" as const, alias };
  return null;
}

export type NewUnit = {
  jurisdictionId: string;
  name: string;
  kind: string;
  note?: string | null;
};

/**
 * A new unit of the directory (an import meeting a name the directory lacks, or a person on the
 * units page). Refused when the name, or an active alias of that name, already exists in the
 * jurisdiction; everything about the new unit is the person's (a later seed leaves it as it is).
 */
export async function createUnit(client: Client, input: NewUnit, actorId: string | null) {
  return inTransaction(client, async (tx) => {
    const name = cleanName(input.name, "name");
    if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) fail("kind", "请选择单位类别");
    const jurisdiction = await tx.jurisdiction.findUnique({ where: { id: input.jurisdictionId } });
    if (!jurisdiction) fail("jurisdictionId", "没有这个地区");
    const holder = await nameHolder(tx, input.jurisdictionId, name);
    if (holder)
      fail(
        "name",
        holder.as === "name"
          ? `本地区已有单位「${name}」`
          : `「${name}」已是「${holder.unitName}」的别称`,
      );
    const note = input.note?.trim() || null;
    const unit = await tx.unit.create({
      data: {
        jurisdictionId: input.jurisdictionId,
        name,
        kind: input.kind,
        note,
        recognized: true,
        editedFields: owned("[]", ["name", "kind", "note", "successor", "members"]),
      },
    });
    await record(tx, unit.id, "unit.created", actorId, { name, kind: input.kind });
    return unit;
  });
}

/**
 * Renames a unit. Its old name stays an alias (ALIAS), so documents that wrote it still resolve
 * here. The new name may be one of its own aliases (that alias goes: it is the name now).
 */
export async function renameUnit(
  client: Client,
  unitId: string,
  newName: string,
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, unitId);
    const name = cleanName(newName, "name");
    if (name === unit.name) return unit;
    const holder = await nameHolder(tx, unit.jurisdictionId, name);
    if (holder && holder.unitId !== unit.id)
      fail(
        "name",
        holder.as === "name"
          ? `本地区已有单位「${name}」；若是同一单位，请用“合并”`
          : `「${name}」已是「${holder.unitName}」的别称`,
      );
    if (holder?.as === "alias")
      await tx.unitAlias.update({
        where: { id: holder.alias.id },
        data: { removedAt: new Date(), source: "MANUAL" },
      });
    const updated = await tx.unit.update({
      where: { id: unit.id },
      data: { name, editedFields: owned(unit.editedFields, ["name"]) },
    });
    await keepAlias(tx, unit.jurisdictionId, unit.id, unit.name, "ALIAS");
    await record(tx, unit.id, "unit.renamed", actorId, { from: unit.name, to: name });
    return updated;
  });
}

/** An alias row for `alias` on the unit, active and MANUAL (a removed one is given back). */
async function keepAlias(
  tx: TxClient,
  jurisdictionId: string,
  unitId: string,
  alias: string,
  kind: AliasKind,
) {
  await tx.unitAlias.upsert({
    where: { jurisdictionId_alias: { jurisdictionId, alias } },
    create: { jurisdictionId, unitId, alias, kind, source: "MANUAL" },
    update: { unitId, kind, source: "MANUAL", removedAt: null },
  });
}

/** Changes a unit's kind or note; naming a kind recognizes a unit first met as an unknown name. */
export async function updateUnit(
  client: Client,
  unitId: string,
  input: { kind?: string; note?: string | null },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, unitId);
    const data: { kind?: string; note?: string | null; recognized?: boolean } = {};
    const fields: EditableField[] = [];
    if (input.kind !== undefined && (input.kind !== unit.kind || !unit.recognized)) {
      if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) fail("kind", "请选择单位类别");
      if (unit.kind === "COLLECTIVE" && input.kind !== "COLLECTIVE") {
        const members = await tx.unitMembership.count({ where: { collectiveId: unit.id } });
        if (members > 0) fail("kind", `该集合还有 ${members} 个成员，请先移除成员`);
      }
      data.kind = input.kind;
      data.recognized = true;
      fields.push("kind");
    }
    if (input.note !== undefined) {
      const note = input.note?.trim() || null;
      if (note && [...note].length > 500) fail("note", "备注不能超过 500 字");
      if (note !== unit.note) {
        data.note = note;
        fields.push("note");
      }
    }
    if (fields.length === 0) return unit;
    const updated = await tx.unit.update({
      where: { id: unit.id },
      data: { ...data, editedFields: owned(unit.editedFields, fields) },
    });
    await record(tx, unit.id, "unit.updated", actorId, {
      ...(data.kind
        ? { kind: { from: unit.recognized ? unit.kind : "UNKNOWN", to: data.kind } }
        : {}),
      ...("note" in data ? { note: { from: unit.note, to: data.note } } : {}),
    });
    return updated;
  });
}

/**
 * Another name of a unit in its jurisdiction: an alias (四川省商务厅) or an abbreviation (简称:
 * 省发改委). Adding what the unit already has changes nothing (an import may ask twice); a name
 * that is another unit's name or active alias is refused, naming that unit.
 */
export async function addAlias(
  client: Client,
  input: { unitId: string; alias: string; kind?: AliasKind },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, input.unitId);
    const alias = cleanName(input.alias, "alias");
    const kind = input.kind ?? "ALIAS";
    if (!ALIAS_KINDS.includes(kind)) fail("kind", "请选择别称或简称");
    if (alias === unit.name) fail("alias", "这是该单位自己的名称");
    const holder = await nameHolder(tx, unit.jurisdictionId, alias);
    if (holder?.as === "name")
      fail(
        "alias",
        holder.unit.recognized
          ? `「${alias}」是本地区另一单位的名称；若是同一单位，请用“合并”`
          : `「${alias}」是未识别的单位名称，请在该单位页面将其合并到「${unit.name}」`,
      );
    if (holder?.as === "alias" && holder.unitId !== unit.id)
      fail("alias", `「${alias}」已是「${holder.unitName}」的别称`);
    if (holder?.as === "alias" && holder.alias.kind === kind) return holder.alias;
    await keepAlias(tx, unit.jurisdictionId, unit.id, alias, kind);
    await record(tx, unit.id, "unit.alias_added", actorId, { alias, kind });
    return tx.unitAlias.findUniqueOrThrow({
      where: { jurisdictionId_alias: { jurisdictionId: unit.jurisdictionId, alias } },
    });
  });
}

/** Removes an alias; the row stays, marked, so that a re-seed does not bring it back. */
export async function removeAlias(client: Client, aliasId: string, actorId: string | null) {
  return inTransaction(client, async (tx) => {
    const alias = await tx.unitAlias.findUnique({ where: { id: aliasId } });
    if (!alias || alias.removedAt) return fail("alias", "没有这个别称");
    await tx.unitAlias.update({
      where: { id: alias.id },
      data: { removedAt: new Date(), source: "MANUAL" },
    });
    await record(tx, alias.unitId, "unit.alias_removed", actorId, {
      alias: alias.alias,
      kind: alias.kind,
    });
  });
}

/** The members of a collective (各市（州）人民政府), as listed: units of its jurisdiction. */
export async function setMembers(
  client: Client,
  collectiveId: string,
  memberIds: string[],
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, collectiveId);
    if (unit.kind !== "COLLECTIVE") fail("members", "只有集合类单位才有成员");
    const wanted = [...new Set(memberIds)];
    if (wanted.includes(unit.id)) fail("members", "集合不能包含自身");
    const members = await tx.unit.findMany({
      where: { id: { in: wanted } },
      select: { id: true, name: true, jurisdictionId: true, kind: true },
    });
    if (members.length !== wanted.length) fail("members", "成员中有不存在的单位");
    if (members.some((m) => m.jurisdictionId !== unit.jurisdictionId))
      fail("members", "成员须为本地区的单位");
    if (members.some((m) => m.kind === "COLLECTIVE")) fail("members", "集合的成员不能是集合");
    const current = await tx.unitMembership.findMany({
      where: { collectiveId: unit.id },
      include: { member: { select: { name: true } } },
    });
    const have = new Set(current.map((m) => m.memberId));
    const added = members.filter((m) => !have.has(m.id));
    const removed = current.filter((m) => !wanted.includes(m.memberId));
    for (const m of added)
      await tx.unitMembership.create({ data: { collectiveId: unit.id, memberId: m.id } });
    for (const m of removed)
      await tx.unitMembership.delete({
        where: { collectiveId_memberId: { collectiveId: unit.id, memberId: m.memberId } },
      });
    // Owned even when unchanged: the person has looked at the list and kept it as it is.
    await tx.unit.update({
      where: { id: unit.id },
      data: { editedFields: owned(unit.editedFields, ["members"]) },
    });
    if (added.length + removed.length > 0)
      await record(tx, unit.id, "unit.members_changed", actorId, {
        added: added.map((m) => m.name),
        removed: removed.map((m) => m.member.name),
      });
  });
}

export type Succession = {
  /** The unit that took over; null clears the succession. */
  successorId: string | null;
  /** YYYY-MM-DD, when the day is known. */
  date?: string | null;
  /** Required without a date. */
  year?: number | null;
  /** false when no published source confirms it. */
  verified?: boolean;
};

/** Whether following successors from `fromId` ever reaches `targetId` (a would-be cycle). */
async function succeeds(tx: TxClient, fromId: string, targetId: string): Promise<boolean> {
  const seen = new Set<string>();
  let id: string | null = fromId;
  while (id && !seen.has(id)) {
    if (id === targetId) return true;
    seen.add(id);
    const next: { successorId: string | null } | null = await tx.unit.findUnique({
      where: { id },
      select: { successorId: true },
    });
    id = next?.successorId ?? null;
  }
  return false;
}

/** The succession's fields as stored, checked: same jurisdiction, no cycle, a year or a day. */
async function successionData(
  tx: TxClient,
  unit: { id: string; jurisdictionId: string },
  s: Succession,
) {
  if (!s.successorId)
    return { successorId: null, succeededOn: null, successionYear: null, successionVerified: true };
  const successor = await unitOrFail(tx, s.successorId, "successorId");
  if (successor.id === unit.id) fail("successorId", "承接单位不能是该单位自己");
  if (successor.jurisdictionId !== unit.jurisdictionId)
    fail("successorId", "承接单位须为本地区的单位");
  if (!successor.active) fail("successorId", `「${successor.name}」已撤销，请选择现有单位`);
  if (await succeeds(tx, successor.id, unit.id))
    fail("successorId", `「${successor.name}」已由该单位承接，不能互为承接单位`);
  let succeededOn: Date | null = null;
  let year = s.year ?? null;
  if (s.date) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.date) || Number.isNaN(Date.parse(s.date)))
      fail("date", "日期格式应为 YYYY-MM-DD");
    succeededOn = new Date(`${s.date}T00:00:00+08:00`);
    year = Number(s.date.slice(0, 4));
  }
  if (!year || !Number.isInteger(year) || year < 1949 || year > 2100)
    fail("year", "请填写承接的年份或日期");
  return {
    successorId: successor.id,
    succeededOn,
    successionYear: year,
    successionVerified: s.verified ?? true,
    successorName: successor.name,
  };
}

/**
 * Records (or clears) the unit that took over this one's duties after a rename or merger, with
 * the day or year. The unit keeps its tasks, written under its old name; its successor answers
 * for them (app/models/unit.server.ts responsibleUnitIds).
 */
export async function setSuccessor(
  client: Client,
  unitId: string,
  succession: Succession,
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, unitId);
    if (unit.mergedAt) fail("successorId", "该单位已合并到其他单位");
    const { successorName, ...data } = await successionData(tx, unit, succession);
    const previous = unit.successorId
      ? (await tx.unit.findUnique({ where: { id: unit.successorId } }))?.name
      : null;
    await tx.unit.update({
      where: { id: unit.id },
      data: { ...data, editedFields: owned(unit.editedFields, ["successor"]) },
    });
    const handed = data.successorId ? await handOver(tx, unit.id, data.successorId) : null;
    await record(tx, unit.id, "unit.successor_set", actorId, {
      from: previous ?? null,
      to: successorName ?? null,
      ...handed,
      date: succession.date ?? null,
      year: data.successionYear,
      verified: data.successionVerified,
    });
  });
}

/**
 * A unit of the past has no people and supervises nothing: its accounts and what it supervised
 * go to the unit that took over (as seeding gives supervision to today's unit).
 */
async function handOver(tx: TxClient, fromId: string, toId: string) {
  const people = await tx.user.updateMany({ where: { unitId: fromId }, data: { unitId: toId } });
  const supervision = await tx.supervision.findMany({ where: { unitId: fromId } });
  for (const s of supervision) {
    await tx.supervision.upsert({
      where: { unitId_jurisdictionId: { unitId: toId, jurisdictionId: s.jurisdictionId } },
      create: { unitId: toId, jurisdictionId: s.jurisdictionId },
      update: {},
    });
    await tx.supervision.delete({
      where: { unitId_jurisdictionId: { unitId: fromId, jurisdictionId: s.jurisdictionId } },
    });
  }
  return { people: people.count, supervises: supervision.length };
}

/** The unit and every unit it succeeded, however many renames back. */
async function withPredecessors(tx: TxClient, unitId: string): Promise<string[]> {
  const ids = new Set([unitId]);
  let frontier = [unitId];
  while (frontier.length > 0) {
    const rows = await tx.unit.findMany({
      where: { successorId: { in: frontier } },
      select: { id: true },
    });
    frontier = rows.map((r) => r.id).filter((id) => !ids.has(id));
    frontier.forEach((id) => ids.add(id));
  }
  return [...ids];
}

/** Open tasks (not 办结 or 销号) the unit is assigned, itself or through a unit it succeeded. */
export async function openTaskCount(client: Client, unitId: string): Promise<number> {
  const tx = client as TxClient;
  const ids = await withPredecessors(tx, unitId);
  const rows = await tx.assignment.findMany({
    where: { unitId: { in: ids }, removedAt: null },
    select: { taskId: true, task: { select: { status: true } } },
  });
  return new Set(rows.filter((r) => isOpen(r.task.status)).map((r) => r.taskId)).size;
}

/**
 * Deactivates a unit (撤销). One with open tasks, or that supervises a jurisdiction, needs the
 * unit that takes them over: it becomes the successor, and answers for the tasks from then on.
 */
export async function deactivateUnit(
  client: Client,
  unitId: string,
  succession: Omit<Succession, "successorId"> & { successorId?: string | null },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, unitId);
    if (!unit.active) fail("unitId", "该单位已撤销");
    const open = await openTaskCount(tx, unit.id);
    const supervises = await tx.supervision.count({ where: { unitId: unit.id } });
    const people = await tx.user.count({ where: { unitId: unit.id } });
    const successorId = succession.successorId || unit.successorId;
    if (!successorId && open > 0)
      fail("successorId", `该单位还有 ${open} 项未办结的任务，请指定承接单位`);
    if (!successorId && supervises > 0)
      fail("successorId", "该单位是督办单位，请指定承接督办工作的单位");
    if (!successorId && people > 0)
      fail("successorId", `该单位还有 ${people} 个账号，请指定承接单位或先调整这些账号的单位`);
    let successorName: string | null = null;
    if (successorId && successorId !== unit.successorId) {
      // Without a day or year, the succession dates from the deactivation.
      const year = succession.year ?? (succession.date ? null : thisYear());
      const { successorName: n, ...data } = await successionData(tx, unit, {
        ...succession,
        year,
        successorId,
      });
      successorName = n ?? null;
      await tx.unit.update({
        where: { id: unit.id },
        data: { ...data, editedFields: owned(unit.editedFields, ["successor"]) },
      });
    } else if (successorId) {
      successorName = (await tx.unit.findUnique({ where: { id: successorId } }))?.name ?? null;
    }
    const handed = successorId ? await handOver(tx, unit.id, successorId) : null;
    await tx.unit.update({
      where: { id: unit.id },
      data: { active: false, deactivatedAt: new Date() },
    });
    await record(tx, unit.id, "unit.deactivated", actorId, {
      successor: successorName,
      openTasks: open,
      ...handed,
    });
  });
}

/** Brings back a deactivated unit (not one merged into another: that entry was a duplicate). */
export async function reactivateUnit(client: Client, unitId: string, actorId: string | null) {
  return inTransaction(client, async (tx) => {
    const unit = await unitOrFail(tx, unitId);
    if (unit.active) return;
    if (unit.mergedAt) fail("unitId", "已合并的单位不能恢复");
    await tx.unit.update({ where: { id: unit.id }, data: { active: true, deactivatedAt: null } });
    await record(tx, unit.id, "unit.reactivated", actorId, {});
  });
}

/**
 * Merges a duplicate entry into the unit it is (an unknown 省发改委 into 省发展改革委; two entries
 * for one office). Its assignments, aliases, memberships, members, predecessors, people and
 * supervision move to `intoId`; its name becomes an alias there. The entry itself stays,
 * inactive and succeeded by `intoId`, so its reports and timelines read as they were written.
 * Where both were assigned to a task, the kept assignment takes the lead if either led, and the
 * duplicate's is marked removed.
 */
export async function mergeUnits(
  client: Client,
  input: { fromId: string; intoId: string },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const from = await unitOrFail(tx, input.fromId, "fromId");
    const into = await unitOrFail(tx, input.intoId, "intoId");
    if (from.id === into.id) fail("intoId", "不能与自身合并");
    if (from.jurisdictionId !== into.jurisdictionId) fail("intoId", "只能合并本地区的单位");
    if (from.mergedAt) fail("fromId", "该单位已合并到其他单位");
    if (!into.active) fail("intoId", `「${into.name}」已撤销，请选择现有单位`);
    if (await succeeds(tx, into.id, from.id))
      fail("intoId", `「${into.name}」是该单位的前身，请反向合并`);
    const members = await tx.unitMembership.findMany({ where: { collectiveId: from.id } });
    if (members.length > 0 && into.kind !== "COLLECTIVE")
      fail("intoId", "集合类单位只能并入集合类单位");

    const moved = await moveAssignments(tx, from, into, actorId);
    const aliases = await tx.unitAlias.findMany({ where: { unitId: from.id } });
    for (const a of aliases)
      await tx.unitAlias.update({ where: { id: a.id }, data: { unitId: into.id } });
    await keepAlias(tx, from.jurisdictionId, into.id, from.name, "ALIAS");
    for (const m of await tx.unitMembership.findMany({ where: { memberId: from.id } })) {
      await tx.unitMembership.upsert({
        where: { collectiveId_memberId: { collectiveId: m.collectiveId, memberId: into.id } },
        create: { collectiveId: m.collectiveId, memberId: into.id },
        update: {},
      });
      await tx.unitMembership.delete({
        where: { collectiveId_memberId: { collectiveId: m.collectiveId, memberId: from.id } },
      });
    }
    for (const m of members) {
      if (m.memberId !== into.id)
        await tx.unitMembership.upsert({
          where: { collectiveId_memberId: { collectiveId: into.id, memberId: m.memberId } },
          create: { collectiveId: into.id, memberId: m.memberId },
          update: {},
        });
      await tx.unitMembership.delete({
        where: { collectiveId_memberId: { collectiveId: from.id, memberId: m.memberId } },
      });
    }
    await tx.unit.updateMany({ where: { successorId: from.id }, data: { successorId: into.id } });
    const handed = await handOver(tx, from.id, into.id);
    const now = new Date();
    await tx.unit.update({
      where: { id: from.id },
      data: {
        active: false,
        deactivatedAt: now,
        mergedAt: now,
        successorId: into.id,
        succeededOn: now,
        successionYear: thisYear(),
        successionVerified: true,
        editedFields: owned(from.editedFields, ["name", "kind", "note", "successor", "members"]),
      },
    });
    await tx.unit.update({
      where: { id: into.id },
      data: { recognized: true, editedFields: owned(into.editedFields, ["members"]) },
    });
    const payload = {
      from: from.name,
      into: into.name,
      fromId: from.id,
      intoId: into.id,
      tasks: moved,
      ...handed,
    };
    await record(tx, from.id, "unit.merged_away", actorId, payload);
    await record(tx, into.id, "unit.merged", actorId, payload);
    return { tasks: moved, ...handed };
  });
}

async function moveAssignments(
  tx: TxClient,
  from: { id: string; name: string },
  into: { id: string; name: string },
  actorId: string | null,
): Promise<number> {
  const rows = await tx.assignment.findMany({ where: { unitId: from.id } });
  const taskIds = new Set<string>();
  for (const a of rows) {
    const clash = await tx.assignment.findUnique({
      where: { taskId_unitId: { taskId: a.taskId, unitId: into.id } },
    });
    if (!clash) {
      await tx.assignment.update({ where: { id: a.id }, data: { unitId: into.id } });
    } else {
      if (!a.removedAt && !clash.removedAt && a.role === "LEAD" && clash.role === "CO")
        await tx.assignment.update({
          where: { id: clash.id },
          data: { role: "LEAD", position: a.position },
        });
      if (!a.removedAt)
        await tx.assignment.update({
          where: { id: a.id },
          data: { removedAt: new Date(), removedById: actorId },
        });
    }
    if (!a.removedAt) taskIds.add(a.taskId);
  }
  for (const taskId of taskIds)
    await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "assignment.merged",
        payload: JSON.stringify({ from: from.name, into: into.name }),
      },
    });
  return taskIds.size;
}

/** A unit's directory events, newest first, for its page. */
export async function unitHistory(db: PrismaClient, unitId: string, limit = 100) {
  return db.auditEvent.findMany({
    where: { unitId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { actor: { select: { name: true } } },
  });
}
