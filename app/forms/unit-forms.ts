// The unit directory's forms, one schema each, chosen by `intent`. Pure. What the schemas cannot
// know (a name taken, a cycle of successors, open tasks) the domain refuses with the field named
// (app/models/unit-directory.server.ts DirectoryEditError), shown next to it the same way.
import { z } from "zod";
import { UNIT_KINDS } from "../seed/unit-directory";

const NAME_LIMIT = 60;

const name = (label: string) =>
  z
    .string({ message: `请填写${label}` })
    .max(NAME_LIMIT, { message: `${label}不能超过 ${NAME_LIMIT} 个字` })
    .refine((s) => s.trim().length > 0, { message: `请填写${label}` });

const id = (message: string) => z.string({ message }).min(1, { message }).max(100);

const kind = z.enum(UNIT_KINDS, { message: "请选择单位类别" });

const date = z
  .string()
  .max(10)
  .default("")
  .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))), {
    message: "日期格式应为 YYYY-MM-DD",
  });

const year = z
  .string()
  .max(4)
  .default("")
  .refine((s) => s === "" || (/^\d{4}$/.test(s) && +s >= 1949 && +s <= 2100), {
    message: "年份应为四位数字",
  });

export const unitSchemas = {
  create: z.object({
    jurisdictionId: id("请选择地区"),
    name: name("单位名称"),
    kind,
    note: z.string().max(500, { message: "备注不能超过 500 字" }).default(""),
  }),
  rename: z.object({ name: name("新名称") }),
  update: z.object({
    kind,
    note: z.string().max(500, { message: "备注不能超过 500 字" }).default(""),
  }),
  addAlias: z.object({
    alias: name("别称或简称"),
    aliasKind: z.enum(["ALIAS", "ABBREVIATION"], { message: "请选择别称或简称" }),
  }),
  removeAlias: z.object({ aliasId: id("没有这个别称") }),
  setMembers: z.object({}),
  setSuccessor: z
    .object({
      successorId: z.string().max(100).default(""),
      date,
      year,
      verified: z.string().max(10).default(""),
    })
    .superRefine((v, ctx) => {
      if (v.successorId && !v.date && !v.year)
        ctx.addIssue({ code: "custom", path: ["year"], message: "请填写承接的年份或日期" });
    }),
  merge: z.object({ intoId: id("请选择要并入的单位") }),
  deactivate: z.object({
    successorId: z.string().max(100).default(""),
    date,
    year,
  }),
  reactivate: z.object({}),
} as const;

export type UnitIntent = keyof typeof unitSchemas;

export function isUnitIntent(s: unknown): s is UnitIntent {
  return typeof s === "string" && s in unitSchemas;
}
