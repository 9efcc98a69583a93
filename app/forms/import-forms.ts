// The forms of page 导入文件, one schema each, chosen by `intent`. Pure.
import { z } from "zod";
import { COLUMN_ROLES } from "../ingest/ledger";
import { UNIT_KINDS } from "../seed/unit-directory";

/** Pasted text: the body limit (app/http/body-limit.server.ts) bounds it; this keeps it sane. */
export const PASTE_LIMIT = 200_000;

const text = (label: string, max: number) =>
  z.string().max(max, { message: `${label}不能超过 ${max} 字` });

const date = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))), {
      message: `${label}格式应为 YYYY-MM-DD`,
    });

/** Unit names as a person types them: separated by 、，；, commas or line breaks. */
export function unitNames(s: string): string[] {
  return s
    .split(/[、，,；;\n\r]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

export const uploadSchema = z.object({
  jurisdictionId: z.string().min(1, { message: "请选择落实地区" }),
  text: text("粘贴的内容", PASTE_LIMIT).optional().default(""),
});

export const importSchemas = {
  header: z.object({
    title: text("标题", 200).refine((s) => s.trim().length > 0, { message: "请填写文件标题" }),
    number: text("文号", 60),
    issuer: text("发文机关", 100),
    date: date("成文日期"),
    status: z.enum(["DRAFT", "IN_FORCE"], { message: "请选择文件状态" }),
    implements: text("贯彻落实的文件", 300),
  }),
  jurisdiction: z.object({ jurisdictionId: z.string().min(1, { message: "请选择落实地区" }) }),
  measure: z.object({
    ref: z.string().min(1),
    lead: text("牵头单位", 1000),
    co: text("配合单位", 2000),
    due: date("完成时限"),
    noDue: z.string().optional(),
  }),
  drop: z.object({ ref: z.string().min(1), dropped: z.enum(["1", "0"]) }),
  mapName: z.object({
    key: z.string().min(1),
    unitId: z.string().min(1, { message: "请选择单位" }),
  }),
  createName: z.object({
    key: z.string().min(1),
    name: text("单位名称", 60).refine((s) => s.trim().length > 0, { message: "请填写单位名称" }),
    kind: z.enum(UNIT_KINDS, { message: "请选择单位类别" }),
  }),
  undoName: z.object({ key: z.string().min(1) }),
  acceptSuggestions: z.object({}),
  columns: z.object(
    Object.fromEntries(COLUMN_ROLES.map((r) => [r, z.string().optional()])) as Record<
      (typeof COLUMN_ROLES)[number],
      z.ZodOptional<z.ZodString>
    >,
  ),
  replaces: z.object({ documentId: z.string() }),
  rebase: z.object({}),
  commit: z.object({}),
  discard: z.object({}),
} as const;

export type ImportIntent = keyof typeof importSchemas;

export function isImportIntent(s: unknown): s is ImportIntent {
  return typeof s === "string" && s in importSchemas;
}
