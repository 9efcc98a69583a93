// The form that adds a member to a joint conference's list (联席会议成员): a member unit, or a
// named person with an email address. Pure.
import { z } from "zod";

export const memberSchema = z
  .object({
    unitId: z.string().max(100).default(""),
    name: z.string().trim().max(60, { message: "姓名职务不能超过 60 个字" }).default(""),
    email: z
      .string()
      .trim()
      .max(200)
      .default("")
      .refine((s) => s === "" || z.email().safeParse(s).success, {
        message: "邮箱地址格式不对",
      }),
  })
  .superRefine((v, ctx) => {
    if (v.unitId && (v.name || v.email))
      ctx.addIssue({
        code: "custom",
        path: ["unitId"],
        message: "成员单位与具名成员请分开添加",
      });
    else if (!v.unitId && !v.email)
      ctx.addIssue({
        code: "custom",
        path: [v.name ? "email" : "unitId"],
        message: v.name ? "请填写该成员的邮箱" : "请选择成员单位，或填写具名成员的姓名和邮箱",
      });
    else if (!v.unitId && !v.name)
      ctx.addIssue({ code: "custom", path: ["name"], message: "请填写该成员的姓名或职务" });
  });

export type MemberForm = z.infer<typeof memberSchema>;
export type MemberErrors = Partial<Record<keyof MemberForm, string[]>>;

export function parseMemberForm(
  formData: FormData,
): { ok: true; data: MemberForm } | { ok: false; errors: MemberErrors } {
  const input = Object.fromEntries(
    ["unitId", "name", "email"].map((k) => [
      k,
      typeof formData.get(k) === "string" ? (formData.get(k) as string) : undefined,
    ]),
  );
  const r = memberSchema.safeParse(input);
  return r.success
    ? { ok: true, data: r.data }
    : { ok: false, errors: z.flattenError(r.error).fieldErrors as MemberErrors };
}
