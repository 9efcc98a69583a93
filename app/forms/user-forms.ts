// Admin and account forms. Pure.
import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "../auth/password-rules";
import { ROLES, type Role } from "../models/permissions";

const role = z.enum(ROLES as [Role, ...Role[]], { message: "请选择角色" });

/** A liaison answers for a unit, a leader (分管领导) for the supervising unit it oversees. */
function unitRequired(v: { role: Role; unitId: string }, ctx: z.RefinementCtx) {
  if (v.role === "LIAISON" && !v.unitId)
    ctx.addIssue({ code: "custom", path: ["unitId"], message: "联络员必须属于一个单位" });
  if (v.role === "LEADER" && !v.unitId)
    ctx.addIssue({ code: "custom", path: ["unitId"], message: "分管领导必须属于一个督办单位" });
}

export const inviteSchema = z
  .object({
    email: z.string().trim().toLowerCase().email({ message: "请输入有效的电子邮箱" }).max(200),
    name: z.string().trim().min(1, { message: "请填写姓名" }).max(100, { message: "姓名过长" }),
    role,
    unitId: z.string().max(100).default(""),
  })
  .superRefine(unitRequired);

export const updateUserSchema = z
  .object({
    userId: z.string().min(1),
    role,
    unitId: z.string().max(100).default(""),
  })
  .superRefine(unitRequired);

export const setPasswordSchema = z
  .object({
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, { message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` })
      .max(200, { message: "密码过长" }),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "两次输入的密码不一致" });

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, { message: "请输入当前密码" }).max(200),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, { message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` })
      .max(200, { message: "密码过长" }),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "两次输入的密码不一致" })
  .refine((v) => v.password !== v.current, {
    path: ["password"],
    message: "新密码不能与当前密码相同",
  });

export const calendarSchema = z.object({
  reportDay: z.coerce
    .number({ message: "请填写 1–31 的整数" })
    .int({ message: "请填写 1–31 的整数" })
    .min(1, { message: "请填写 1–31 的整数" })
    .max(31, { message: "请填写 1–31 的整数" }),
});

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: "请输入电子邮箱" }).max(200),
  password: z.string().min(1, { message: "请输入密码" }).max(200),
  redirectTo: z.string().max(500).default("/"),
});

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}
