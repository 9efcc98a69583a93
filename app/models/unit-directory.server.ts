// Writes to the unit directory that an import needs: a new unit, another name of a unit.
//
// MINIMAL VERSION written on the `import` branch while the directory pages (branch `directory`,
// issue 13 section 5) were not yet in main. Same names and signatures as theirs: when theirs
// lands, theirs replaces this file (with audit events on the unit's page and checks of their own).
// Given a PrismaClient each opens its own write transaction; given a transaction client (an
// import's commit), it writes inside that one.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction, type TxClient } from "../db/db.server";
import { unitKey, UNIT_KINDS } from "../seed/unit-directory";

export type AliasKind = "ALIAS" | "ABBREVIATION";

/** A refused edit: the field it is about and the message shown next to it. */
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

function inTransaction<T>(client: Client, fn: (tx: TxClient) => Promise<T>): Promise<T> {
  return "$transaction" in client ? writeTransaction(client as PrismaClient, fn) : fn(client);
}

const fail = (field: string, message: string): never => {
  throw new DirectoryEditError(field, message);
};

function cleanName(raw: string, field: string): string {
  const name = unitKey(raw ?? "");
  if (!name) fail(field, "请填写名称");
  if ([...name].length > 60) fail(field, "名称不能超过 60 个字");
  return name;
}

/** Who already goes by `name` in the jurisdiction: a unit of that name, or a unit with that alias. */
async function nameHolder(tx: TxClient, jurisdictionId: string, name: string) {
  const unit = await tx.unit.findUnique({
    where: { jurisdictionId_name: { jurisdictionId, name } },
    select: { id: true, name: true },
  });
  if (unit) return { unitId: unit.id, unitName: unit.name, as: "name" as const };
  const alias = await tx.unitAlias.findUnique({
    where: { jurisdictionId_alias: { jurisdictionId, alias: name } },
    include: { unit: { select: { name: true } } },
  });
  if (alias) return { unitId: alias.unitId, unitName: alias.unit.name, as: "alias" as const };
  return null;
}

export type NewUnit = { jurisdictionId: string; name: string; kind: string; note?: string | null };

/** A new unit of the directory; refused when the name is already a unit's name or alias there. */
export async function createUnit(client: Client, input: NewUnit, _actorId: string | null) {
  return inTransaction(client, async (tx) => {
    const name = cleanName(input.name, "name");
    if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) fail("kind", "请选择单位类别");
    const holder = await nameHolder(tx, input.jurisdictionId, name);
    if (holder)
      fail(
        "name",
        holder.as === "name"
          ? `本地区已有单位「${name}」`
          : `「${name}」已是「${holder.unitName}」的别称`,
      );
    return tx.unit.create({
      data: {
        jurisdictionId: input.jurisdictionId,
        name,
        kind: input.kind,
        note: input.note?.trim() || null,
        recognized: true,
      },
    });
  });
}

/**
 * Another name of a unit in its jurisdiction. Adding what the unit already has changes nothing;
 * a name that is another unit's name or alias is refused, naming that unit.
 */
export async function addAlias(
  client: Client,
  input: { unitId: string; alias: string; kind?: AliasKind },
  _actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const unit = await tx.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) return fail("unitId", "没有这个单位");
    const alias = cleanName(input.alias, "alias");
    if (alias === unit.name) fail("alias", "这是该单位自己的名称");
    const holder = await nameHolder(tx, unit.jurisdictionId, alias);
    if (holder?.as === "name")
      fail("alias", `「${alias}」是本地区另一单位的名称；若是同一单位，请用“合并”`);
    if (holder && holder.unitId !== unit.id)
      fail("alias", `「${alias}」已是「${holder.unitName}」的别称`);
    if (holder)
      return tx.unitAlias.findUniqueOrThrow({
        where: { jurisdictionId_alias: { jurisdictionId: unit.jurisdictionId, alias } },
      });
    return tx.unitAlias.create({
      data: { jurisdictionId: unit.jurisdictionId, unitId: unit.id, alias },
    });
  });
}
