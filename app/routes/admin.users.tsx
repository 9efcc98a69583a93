// 用户管理: find people (search, role, unit, state, 50 a page) and invite new ones. Each person's
// role, unit, deactivation and reset link are on their own page (admin.users_.$userId.tsx): a
// row carries a link, not a form with every unit in it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { emailAccountLink, linkBase } from "~/auth/account-emails.server";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { formInput, formValues } from "~/forms/report-form";
import { fieldErrors, inviteSchema } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import {
  assignableUnits,
  inviteUser,
  listUsers,
  parseUserFilter,
  UserError,
} from "~/models/user.server";
import { Pager } from "~/ui/filters";
import { Field, FormError } from "~/ui/form";
import { ROLE_NAME } from "~/ui/labels";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "用户管理 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const filter = parseUserFilter(new URL(request.url).searchParams);
  const [list, units] = await Promise.all([listUsers(db(), filter), assignableUnits(db())]);
  return json({
    ...list,
    filter,
    units: units.map((u) => ({ id: u.id, label: `${u.jurisdiction.name} · ${u.name}` })),
  });
}

type ActionData = {
  errors: Record<string, string[]>;
  values: Record<string, string>;
  link?: string;
  message?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const form = await request.formData();
  const values = formValues(form, inviteSchema);
  const fail = (errors: Record<string, string[]>, status = 400) =>
    json<ActionData>({ errors, values }, { status });
  const parsed = inviteSchema.safeParse(formInput(form));
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  try {
    const { user: invited, token } = await inviteUser(db(), parsed.data, user.id);
    const link = `${linkBase()}/invite/${token}`;
    await emailAccountLink(db(), invited, "INVITE", link);
    return json<ActionData>({
      errors: {},
      values: {},
      link,
      message: `已创建 ${invited.email}，邀请邮件已放入发件箱。也可把以下一次性邀请链接（7 天内有效）直接发给对方：`,
    });
  } catch (error) {
    if (error instanceof UserError)
      return fail(error.field ? { [error.field]: [error.message] } : { form: [error.message] });
    throw error;
  }
}

const STATUS_NAME = { active: "正常", pending: "待接受邀请", inactive: "已停用" } as const;

export default function AdminUsers() {
  const { users, total, pageCount, filter, units } = useLoaderData<typeof loader>();
  const page = filter.page;
  const data = useActionData<typeof action>();
  const errors = data?.errors ?? {};
  const iv = data?.values ?? {};
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    if (filter.q) params.set("q", filter.q);
    if (filter.role) params.set("role", filter.role);
    if (filter.unitId) params.set("unit", filter.unitId);
    if (filter.status) params.set("status", filter.status);
    if (p > 1) params.set("page", String(p));
    const s = params.toString();
    return s ? `/admin/users?${s}` : "/admin/users";
  };
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
      <Form method="get" className="filters">
        <label>
          搜索
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="姓名或邮箱"
            maxLength={100}
          />
        </label>
        <label>
          角色
          <select name="role" defaultValue={filter.role ?? ""}>
            <option value="">全部</option>
            {Object.entries(ROLE_NAME).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          单位
          <select name="unit" defaultValue={filter.unitId ?? ""}>
            <option value="">全部</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          状态
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">全部</option>
            {Object.entries(STATUS_NAME).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
      </Form>
      <p className="muted">
        {`共 ${total} 个账号${pageCount > 1 ? `，第 ${page}/${pageCount} 页` : ""}`}
      </p>
      <table>
        <thead>
          <tr>
            <th>用户</th>
            <th>角色与单位</th>
            <th>状态</th>
            <th>最近登录</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td className="c-title">
                <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                <div className="muted">{u.email}</div>
                {u.isDemo ? <span className="tag draft">演示</span> : null}
              </td>
              <td data-label="角色">
                {ROLE_NAME[u.role] ?? u.role}
                {u.unit ? <div className="muted">{u.unit}</div> : null}
              </td>
              <td data-label="状态">{!u.active ? "已停用" : u.pending ? "待接受邀请" : "正常"}</td>
              <td className="date" data-label="最近登录">
                {u.lastLoginAt ? shanghaiDateTime(new Date(u.lastLoginAt)) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pageCount={pageCount} href={pageLink} />
      <section className="panel">
        <h3>邀请用户</h3>
        <Form method="post" noValidate>
          <Field label="电子邮箱" name="email" errors={errors.email}>
            <input
              id="field-email"
              name="email"
              type="email"
              maxLength={200}
              defaultValue={iv.email ?? ""}
            />
          </Field>
          <Field label="姓名" name="name" errors={errors.name}>
            <input id="field-name" name="name" maxLength={100} defaultValue={iv.name ?? ""} />
          </Field>
          <Field label="角色" name="role" errors={errors.role}>
            <select id="field-role" name="role" defaultValue={iv.role ?? "LIAISON"}>
              {Object.entries(ROLE_NAME).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </Field>
          <Field label="单位" name="unitId" errors={errors.unitId}>
            <select id="field-unitId" name="unitId" defaultValue={iv.unitId ?? ""}>
              <option value="">（无）</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.label}
                </option>
              ))}
            </select>
          </Field>
          <FormError errors={errors.form} />
          <button type="submit">邀请</button>
        </Form>
      </section>
    </>
  );
}
