// 佐证材料 on disk and in the database. The bytes are stored once per content under the data
// folder, named by their sha256 (the same scan attached to three reports is one file); a row per
// attachment says which report and task it belongs to, its name as uploaded and its type as its
// bytes show. Append-only: nothing here updates or deletes, as reports are never deleted.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import type { TxClient } from "../db/db.server";
import { dataDir } from "../config.server";
import { UPLOAD_LIMIT } from "../http/body-limit.server";
import { EVIDENCE_MAX_FILES, fileSizeText, type EvidenceKind } from "./evidence";
import { checkEvidence } from "./evidence-type";

/** A file checked and stored, waiting for its report's transaction to record it. */
export type StoredEvidence = {
  sha256: string;
  size: number;
  kind: EvidenceKind;
  mime: string;
  fileName: string;
};

export const evidenceDir = () => path.join(dataDir(), "evidence");

export function evidencePath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return path.join(evidenceDir(), sha256.slice(0, 2), sha256);
}

/** Writes the bytes under their hash unless they are there already; atomic (temp file, rename). */
function storeBytes(bytes: Uint8Array): string {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const file = evidencePath(sha256);
  if (existsSync(file)) return sha256;
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, bytes, { flag: "wx" });
  renameSync(temp, file);
  return sha256;
}

/** A name as uploaded, kept readable: no folders, no control characters, at most 120 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (clean.length <= 120) return clean || "附件";
  const ext = clean.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? "";
  return clean.slice(0, 120 - ext.length) + ext;
}

export type EvidenceUpload = { name: string; bytes: Uint8Array };

/**
 * Checks every file (count, their sizes together, each one's type by its bytes) and, only if all
 * pass, stores them. Refusals come back as messages for the form's 佐证材料 field.
 */
export async function acceptEvidence(
  uploads: EvidenceUpload[],
): Promise<{ ok: true; files: StoredEvidence[] } | { ok: false; errors: string[] }> {
  if (uploads.length > EVIDENCE_MAX_FILES)
    return { ok: false, errors: [`每次报送最多附 ${EVIDENCE_MAX_FILES} 个文件，请分次报送`] };
  const total = uploads.reduce((n, u) => n + u.bytes.length, 0);
  if (total > UPLOAD_LIMIT)
    return {
      ok: false,
      errors: [
        `所选文件共 ${fileSizeText(total)}，超过上传上限 ${fileSizeText(UPLOAD_LIMIT)}，请压缩或分次报送`,
      ],
    };
  const checked = await Promise.all(
    uploads.map(async (u) => ({
      u,
      name: cleanName(u.name),
      v: await checkEvidence(u.bytes, u.name),
    })),
  );
  const errors = checked.flatMap(({ v }) => (v.ok ? [] : [v.message]));
  if (errors.length) return { ok: false, errors };
  const files = checked.map(({ u, name, v }) => ({
    sha256: storeBytes(u.bytes),
    size: u.bytes.length,
    kind: (v as { kind: EvidenceKind }).kind,
    mime: (v as { mime: string }).mime,
    fileName: name,
  }));
  return { ok: true, files };
}

/** Records a report's files, inside the report's transaction. Returns what the timeline shows. */
export async function recordEvidence(
  tx: TxClient,
  args: {
    taskId: string;
    reportId: string;
    uploadedById: string;
    files: StoredEvidence[];
    now?: Date;
  },
) {
  const rows = [];
  for (const f of args.files) {
    const row = await tx.evidenceFile.create({
      data: {
        taskId: args.taskId,
        reportId: args.reportId,
        uploadedById: args.uploadedById,
        ...f,
        ...(args.now ? { createdAt: args.now } : {}),
      },
      select: { id: true, fileName: true, size: true, kind: true },
    });
    rows.push({ id: row.id, name: row.fileName, size: row.size, kind: row.kind });
  }
  return rows;
}

/** One file of a task, for download (null if the task has no such file). */
export function evidenceOfTask(db: PrismaClient, taskId: string, fileId: string) {
  return db.evidenceFile.findFirst({ where: { id: fileId, taskId } });
}

export type EvidenceListItem = {
  id: string;
  reportId: string;
  fileName: string;
  size: number;
  kind: string;
  createdAt: Date;
};

/** A task's files, oldest first. */
export function evidenceOfTaskList(db: PrismaClient, taskId: string): Promise<EvidenceListItem[]> {
  return db.evidenceFile.findMany({
    where: { taskId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, reportId: true, fileName: true, size: true, kind: true, createdAt: true },
  });
}

/** The files of many tasks (a roll-up's), by task. */
export async function evidenceByTask(
  db: PrismaClient,
  taskIds: string[],
): Promise<Map<string, EvidenceListItem[]>> {
  const rows = await db.evidenceFile.findMany({
    where: { taskId: { in: taskIds } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      taskId: true,
      reportId: true,
      fileName: true,
      size: true,
      kind: true,
      createdAt: true,
    },
  });
  const out = new Map<string, EvidenceListItem[]>();
  for (const { taskId, ...r } of rows) out.set(taskId, [...(out.get(taskId) ?? []), r]);
  return out;
}
