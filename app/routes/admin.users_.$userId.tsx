// One account, for the admin: role and unit, deactivate or reactivate, a reset link (emailed
// and shown to copy), and how many sessions it has open.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { emailAccountLink, linkBase } from "~/auth/account-emails.server";
import { requireUser } from "~/auth/auth.server";
import { sessionsOf } from "~/auth/session.server";
import { db } from "~/db/db.server";
import { fieldErrors, updateUserSchema } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import {
  assignableUnits,
  passwordResetToken,
  setActive,
  updateUser,
  UserError,
} from "~/models/user.server";
import { FormError } from "~/ui/form";
import { ROLE_NAME } from "~/ui/labels";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "用户 · 用户管理 · 督办" }];

async function account(userId: string) {
  const u = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      unitId: true,
      active: true,
      isDemo: true,
      lastLoginAt: true,
      passwordHash: true,
    },
  });
  if (!u) throw new Response("没有这个用户", { status: 404 });
  return u;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireUser(request);
  await requireAdmin(db(), request, me);
  const { passwordHash, lastLoginAt, ...u } = await account(params.userId!);
  const [units, sessions] = await Promise.all([assignableUnits(db()), sessionsOf(db(), u.id)]);
  return json({
    user: {
      ...u,
      pending: !passwordHash,
      lastLoginAt: lastLoginAt?.toISOString() ?? null,
      sessions: sessions.length,
    },
    units: units.map((x) => ({ id: x.id, label: `${x.jurisdiction.name} · ${x.name}` })),
    self: me.id === u.id,
  });
}

type ActionData = { errors: Record<string, string[]>; link?: string; message?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireUser(request);
  await requireAdmin(db(), request, me);
  const target = await account(params.userId!);
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "");
  const done = (message: string, link?: string) => json<ActionData>({ errors: {}, message, link });
  try {
    if (intent === "update") {
      const parsed = updateUserSchema.safeParse({ ...form, userId: target.id });
      if (!parsed.success)
        return json<ActionData>({ errors: fieldErrors(parsed.error) }, { status: 400 });
      await updateUser(db(), parsed.data, me.id);
      return done("已保存。");
    }
    if (intent === "deactivate" || intent === "reactivate") {
      await setActive(db(), target.id, intent === "reactivate", me.id);
      return done(intent === "reactivate" ? "已恢复。" : "已停用，此账号的登录已全部退出。");
    }
    if (intent === "reset") {
      if (!target.active)
        return json<ActionData>({ errors: { form: ["账号已停用，请先恢复"] } }, { status: 400 });
      const token = await passwordResetToken(db(), target.id, me.id);
      const link = `${linkBase()}/reset/${token}`;
      await emailAccountLink(db(), target, "RESET", link);
      return done(
        "重置链接已通过邮件发送（已放入发件箱）。也可复制以下一次性链接（2 小时内有效）：",
        link,
      );
    }
    return json<ActionData>({ errors: { form: ["未知操作"] } }, { status: 400 });
  } catch (error) {
    if (error instanceof UserError)
      return json<ActionData>({ errors: { form: [error.message] } }, { status: 400 });
    throw error;
  }
}

export default function AdminUser() {
  const { user: u, units, self } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/users">← 用户管理</Link>
      </p>
      <h1>{u.name}</h1>
      <p className="muted">
        {u.email} · {!u.active ? "已停用" : u.pending ? "待接受邀请" : "正常"} · 最近登录{" "}
        {u.lastLoginAt ? shanghaiDateTime(new Date(u.lastLoginAt)) : "—"} · 当前登录会话{" "}
        {u.sessions} 个{u.isDemo ? " · 演示账号" : ""}
      </p>
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
      <FormError errors={Object.values(data?.errors ?? {}).flat()} />
      <section className="panel">
        <h3>角色与单位</h3>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="update" />
          <select name="role" defaultValue={u.role} aria-label="角色">
            {Object.entries(ROLE_NAME).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <select name="unitId" defaultValue={u.unitId ?? ""} aria-label="单位">
            <option value="">（无）</option>
            {units.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            保存
          </button>
        </Form>
      </section>
      {self ? null : (
        <section className="panel">
          <h3>账号</h3>
          <Form method="post" className="inline-form">
            <button
              type="submit"
              name="intent"
              value={u.active ? "deactivate" : "reactivate"}
              className="button secondary"
            >
              {u.active ? "停用（退出其所有登录）" : "恢复"}
            </button>
            {u.active ? (
              <button type="submit" name="intent" value="reset" className="button secondary">
                发送重置密码链接
              </button>
            ) : null}
          </Form>
        </section>
      )}
    </>
  );
}
