// 个人设置: the weekly digest, one's password, and where one is signed in.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { PASSWORD_MIN_LENGTH } from "~/auth/password-rules";
import { endSession, endSessionsOf, sessionsOf } from "~/auth/session.server";
import { db } from "~/db/db.server";
import { changePasswordSchema, fieldErrors } from "~/forms/user-forms";
import { changePassword } from "~/models/user.server";
import { Field, FormError } from "~/ui/form";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "个人设置 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [row, sessions] = await Promise.all([
    db().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { email: true, name: true, digest: true },
    }),
    sessionsOf(db(), user.id),
  ]);
  return json({
    ...row,
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.id === user.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      address: s.address,
      device: deviceOf(s.userAgent),
    })),
  });
}

/** A short name for a browser, from its User-Agent, for people to recognise their sessions. */
function deviceOf(ua: string | null): string {
  if (!ua) return "未知浏览器";
  const app = /MicroMessenger/i.test(ua)
    ? "微信"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : "浏览器";
  const os = /Android/i.test(ua)
    ? "Android"
    : /iPhone|iPad/i.test(ua)
      ? "iOS"
      : /Windows/i.test(ua)
        ? "Windows"
        : /Mac OS X/i.test(ua)
          ? "macOS"
          : /Linux/i.test(ua)
            ? "Linux"
            : "";
  return os ? `${app} · ${os}` : app;
}

type ActionData = { intent: string; message?: string; errors?: Record<string, string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "digest");
  if (intent === "password") {
    const parsed = changePasswordSchema.safeParse(form);
    if (!parsed.success)
      return json<ActionData>({ intent, errors: fieldErrors(parsed.error) }, { status: 400 });
    const { current, password } = parsed.data;
    if (!(await changePassword(db(), user.id, user.sessionId, current, password)))
      return json<ActionData>({ intent, errors: { current: ["当前密码不正确"] } }, { status: 400 });
    return json<ActionData>({ intent, message: "密码已修改，其他设备上的登录已全部退出。" });
  }
  if (intent === "end-session") {
    const id = z.string().max(100).safeParse(form.sessionId);
    if (!id.success || id.data === user.sessionId)
      return json<ActionData>({ intent, errors: { form: ["没有这个会话"] } }, { status: 400 });
    await endSession(db(), id.data, user.id);
    return json<ActionData>({ intent, message: "已退出该会话。" });
  }
  if (intent === "end-others") {
    await endSessionsOf(db(), user.id, user.sessionId);
    return json<ActionData>({ intent, message: "其他会话已全部退出。" });
  }
  const parsed = z.object({ digest: z.enum(["WEEKLY", "NONE"]) }).safeParse(form);
  if (!parsed.success)
    return json<ActionData>({ intent, errors: { form: ["请选择"] } }, { status: 400 });
  await db().user.update({ where: { id: user.id }, data: { digest: parsed.data.digest } });
  return json<ActionData>({ intent: "digest", message: "已保存。" });
}

export default function Profile() {
  const me = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = (data?.intent === "password" ? data.errors : undefined) ?? {};
  const others = me.sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>个人设置</h1>
      <p>
        {me.name}（{me.email}）
      </p>
      {data?.message ? <p className="notice">{data.message}</p> : null}
      {data && data.intent !== "password" ? (
        <FormError errors={Object.values(data.errors ?? {}).flat()} />
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="digest" />
        <fieldset className="panel">
          <legend>每周一 8:30 的督办周报</legend>
          <label>
            <input
              type="radio"
              name="digest"
              value="WEEKLY"
              defaultChecked={me.digest === "WEEKLY"}
            />{" "}
            接收
          </label>{" "}
          <label>
            <input type="radio" name="digest" value="NONE" defaultChecked={me.digest === "NONE"} />{" "}
            不接收
          </label>
        </fieldset>
        <button type="submit">保存</button>
      </Form>

      <section className="panel" id="password">
        <h3>修改密码</h3>
        <p className="muted">修改后，除本设备外的所有登录都会退出。</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field label="当前密码" name="current" errors={errors.current}>
            <input
              id="field-current"
              name="current"
              type="password"
              autoComplete="current-password"
              maxLength={200}
              required
            />
          </Field>
          <Field
            label="新密码"
            name="password"
            errors={errors.password}
            hint={`至少 ${PASSWORD_MIN_LENGTH} 位`}
          >
            <input
              id="field-password"
              name="password"
              type="password"
              autoComplete="new-password"
              maxLength={200}
              required
            />
          </Field>
          <Field label="再次输入新密码" name="confirm" errors={errors.confirm}>
            <input
              id="field-confirm"
              name="confirm"
              type="password"
              autoComplete="new-password"
              maxLength={200}
              required
            />
          </Field>
          <button type="submit">修改密码</button>
        </Form>
      </section>

      <section className="panel" id="sessions">
        <h3>登录会话</h3>
        <p className="muted">
          每次登录 12 小时后、或 2 小时无操作后自动退出。不认识的会话请退出，并修改密码。
        </p>
        <table>
          <thead>
            <tr>
              <th>浏览器</th>
              <th>地址</th>
              <th>登录时间</th>
              <th>最近使用</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {me.sessions.map((s) => (
              <tr key={s.id} data-testid="session">
                <td className="c-title">{s.device}</td>
                <td data-label="地址">{s.address ?? "—"}</td>
                <td className="date" data-label="登录时间">
                  {shanghaiDateTime(new Date(s.createdAt))}
                </td>
                <td className="date" data-label="最近使用">
                  {shanghaiDateTime(new Date(s.lastSeenAt))}
                </td>
                <td className="c-end">
                  {s.current ? (
                    <span className="tag">本设备</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="button secondary">
                        退出
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <button type="submit" className="button secondary">
              退出其他所有会话（{others}）
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
