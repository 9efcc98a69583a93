// 用户管理: invite by email (single-use link), set unit and role, deactivate, issue a reset link.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { formValues } from "~/forms/report-form";
import { fieldErrors, inviteSchema, updateUserSchema } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import {
  inviteUser,
  listUsers,
  passwordResetToken,
  setActive,
  updateUser,
  UserError,
} from "~/models/user.server";
import { Field, FormError } from "~/ui/form";
import { ROLE_NAME } from "~/ui/labels";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "用户管理 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const [users, units] = await Promise.all([
    listUsers(db()),
    db().unit.findMany({
      where: { successorId: null, kind: { not: "COLLECTIVE" } },
      orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
      select: { id: true, name: true, jurisdiction: { select: { name: true } } },
    }),
  ]);
  return json({
    users: users.map(({ passwordHash, ...u }) => ({ ...u, pending: !passwordHash })),
    units,
    me: user.id,
  });
}

type ActionData = {
  intent: string;
  errors: Record<string, string[]>;
  values: Record<string, string>;
  link?: string;
  message?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const form = await request.formData();
  const values = formValues(form);
  const intent = values.intent ?? "";
  const origin = new URL(request.url).origin;
  const fail = (errors: Record<string, string[]>, status = 400) =>
    json<ActionData>({ intent, errors, values }, { status });
  try {
    if (intent === "invite") {
      const parsed = inviteSchema.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      const { user: invited, token } = await inviteUser(db(), parsed.data, user.id);
      return json<ActionData>({
        intent,
        errors: {},
        values: {},
        link: `${origin}/invite/${token}`,
        message: `已创建 ${invited.email}。请把以下一次性邀请链接（7 天内有效）发给对方：`,
      });
    }
    if (intent === "update") {
      const parsed = updateUserSchema.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      await updateUser(db(), parsed.data, user.id);
      return json<ActionData>({ intent, errors: {}, values: {}, message: "已保存。" });
    }
    const target = z.object({ userId: z.string().min(1) }).safeParse(values);
    if (!target.success) return fail({ form: ["缺少用户"] });
    if (intent === "deactivate" || intent === "reactivate") {
      await setActive(db(), target.data.userId, intent === "reactivate", user.id);
      return json<ActionData>({
        intent,
        errors: {},
        values: {},
        message: intent === "reactivate" ? "已恢复。" : "已停用。",
      });
    }
    if (intent === "reset") {
      const token = await passwordResetToken(db(), target.data.userId, user.id);
      return json<ActionData>({
        intent,
        errors: {},
        values: {},
        link: `${origin}/reset/${token}`,
        message: "一次性重置链接（2 小时内有效）：",
      });
    }
    return fail({ form: ["未知操作"] });
  } catch (error) {
    if (error instanceof UserError)
      return fail(error.field ? { [error.field]: [error.message] } : { form: [error.message] });
    throw error;
  }
}

export default function AdminUsers() {
  const { users, units, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const inviteErrors = data?.intent === "invite" ? data.errors : {};
  const iv = data?.intent === "invite" ? data.values : {};
  return (
    <>
      <h1>用户管理</h1>
      {data?.message ? (
        <div className="notice">
          {data.message}
          {data.link ? (
            <p>
              <code data-testid="link">{data.link}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {data && data.intent !== "invite" ? (
        <FormError errors={Object.values(data.errors).flat()} />
      ) : null}
      <section className="panel">
        <h3>邀请用户</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field label="电子邮箱" name="email" errors={inviteErrors.email}>
            <input id="field-email" name="email" type="email" defaultValue={iv.email ?? ""} />
          </Field>
          <Field label="姓名" name="name" errors={inviteErrors.name}>
            <input id="field-name" name="name" defaultValue={iv.name ?? ""} />
          </Field>
          <Field label="角色" name="role" errors={inviteErrors.role}>
            <select id="field-role" name="role" defaultValue={iv.role ?? "LIAISON"}>
              {Object.entries(ROLE_NAME).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </Field>
          <Field label="单位" name="unitId" errors={inviteErrors.unitId}>
            <select id="field-unitId" name="unitId" defaultValue={iv.unitId ?? ""}>
              <option value="">（无）</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.jurisdiction.name} · {u.name}
                </option>
              ))}
            </select>
          </Field>
          <FormError errors={inviteErrors.form} />
          <button type="submit">邀请</button>
        </Form>
      </section>
      <table>
        <thead>
          <tr>
            <th>用户</th>
            <th>角色与单位</th>
            <th>状态</th>
            <th>最近登录</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td className="c-title">
                {u.name}
                <div className="muted">{u.email}</div>
                {u.isDemo ? <span className="tag draft">演示</span> : null}
              </td>
              <td className="c-full">
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="userId" value={u.id} />
                  <select name="role" defaultValue={u.role} aria-label="角色">
                    {Object.entries(ROLE_NAME).map(([k, v]) => (
                      <option key={k} value={k}>
                        {v}
                      </option>
                    ))}
                  </select>
                  <select name="unitId" defaultValue={u.unit?.id ?? ""} aria-label="单位">
                    <option value="">（无）</option>
                    {units.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button secondary">
                    保存
                  </button>
                </Form>
              </td>
              <td data-label="状态">{!u.active ? "已停用" : u.pending ? "待接受邀请" : "正常"}</td>
              <td className="date" data-label="最近登录">
                {u.lastLoginAt ? shanghaiDateTime(new Date(u.lastLoginAt)) : "—"}
              </td>
              <td className="c-actions">
                {u.id !== me ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <button
                      type="submit"
                      name="intent"
                      value={u.active ? "deactivate" : "reactivate"}
                      className="button secondary"
                    >
                      {u.active ? "停用" : "恢复"}
                    </button>
                    <button type="submit" name="intent" value="reset" className="button secondary">
                      重置密码链接
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
