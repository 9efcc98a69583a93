import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { createUserSession, getUser, homeFor, login } from "~/auth/auth.server";
import { safeRedirect } from "~/auth/redirect";
import { clientAddress } from "~/auth/request.server";
import { db } from "~/db/db.server";
import { fieldErrors, loginSchema } from "~/forms/user-forms";
import { DEMO_PASSWORD } from "~/seed/demo.server";
import { Field, FormError } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "登录 · 督办" }];

// A refused attempt says when to try again (the action's Retry-After, on the page's response).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user.role));
  // With demo data present, list some demo accounts (their password is public anyway), the
  // commerce department and a few typical units first.
  const demo = await db().user.findMany({
    where: { isDemo: true, active: true },
    select: { email: true, name: true, role: true, unit: { select: { name: true } } },
  });
  const first = ["商务厅", "经济和信息化厅", "成都海关", "成都市人民政府", "市商务局"];
  const rank = (u: (typeof demo)[number]) =>
    u.role === "REVIEWER"
      ? -2
      : u.role === "LEADER"
        ? -1
        : first.indexOf(u.unit?.name ?? "") >= 0
          ? first.indexOf(u.unit!.name)
          : 99;
  const demoAccounts = demo
    .sort((a, b) => rank(a) - rank(b) || a.email.localeCompare(b.email))
    .slice(0, 6)
    .map(({ email, name }) => ({ email, name }));
  return json({ demoAccounts, demoPassword: demoAccounts.length ? DEMO_PASSWORD : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = loginSchema.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "").slice(0, 200);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), email }, { status: 400 });
  const result = await login(db(), parsed.data.email, parsed.data.password, clientAddress(request));
  if (!result.ok && result.reason === "rate_limited") {
    // Slowed, not locked: the wait is what the limits ask for (app/auth/login-limits.server.ts).
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
    return json(
      { errors: { form: [`登录尝试过于频繁，请 ${wait}后再试（其他设备不受影响）。`] }, email },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  if (!result.ok) return json({ errors: { form: ["邮箱或密码不正确。"] }, email }, { status: 401 });
  const fallback = homeFor(result.user.role);
  return createUserSession(
    request,
    result.user.id,
    safeRedirect(parsed.data.redirectTo === "/" ? fallback : parsed.data.redirectTo, fallback),
  );
}

export default function Login() {
  const data = useActionData<typeof action>();
  const { demoAccounts, demoPassword } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const errors = (data?.errors ?? {}) as Record<string, string[] | undefined>;
  return (
    <section className="login">
      <h1>登录督办系统</h1>
      <FormError errors={errors.form} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label="电子邮箱" name="email" errors={errors.email}>
          <input
            id="field-email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={data?.email ?? ""}
            required
          />
        </Field>
        <Field label="密码" name="password" errors={errors.password}>
          <input
            id="field-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit">登录</button>
      </Form>
      <p className="muted">忘记密码请联系系统管理员重置。</p>
      {demoPassword ? (
        <div className="notice">
          <strong>演示账号</strong>（密码均为 <code>{demoPassword}</code>）
          <ul>
            {demoAccounts.map((a) => (
              <li key={a.email}>
                {a.name}：<code>{a.email}</code>
              </li>
            ))}
          </ul>
          <span className="muted">更多联络员账号见管理员的用户管理页面。</span>
        </div>
      ) : null}
    </section>
  );
}
