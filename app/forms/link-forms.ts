// The forms of a document's links page, one schema each, chosen by `intent`. Pure.
import { z } from "zod";

const id = (message: string) => z.string({ message }).min(1, { message }).max(100);

export const linkSchemas = {
  implements: z.object({
    implementsId: id("请选择所贯彻落实的文件"),
    evidence: z
      .string({ message: "请摘录文件中说明贯彻落实的原文" })
      .max(500, { message: "摘录不能超过 500 字" })
      .refine((s) => s.trim().length > 0, { message: "请摘录文件中说明贯彻落实的原文" }),
  }),
  link: z.object({
    taskId: id("没有这项措施"),
    implementsTaskId: id("请选择上级措施"),
    score: z
      .string()
      .max(10)
      .default("")
      .refine((s) => s === "" || /^(0(\.\d+)?|1(\.0+)?)$/.test(s), { message: "相似度格式不对" }),
  }),
  unlink: z.object({ linkId: id("没有这个关联") }),
  confirmAll: z.object({}),
} as const;

export type LinkIntent = keyof typeof linkSchemas;

export function isLinkIntent(s: unknown): s is LinkIntent {
  return typeof s === "string" && s in linkSchemas;
}
