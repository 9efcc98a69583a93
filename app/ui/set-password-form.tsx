import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PASSWORD_MIN_LENGTH } from "~/auth/password-rules";
import { Field } from "./form";

export function SetPasswordPage({ title }: { title: string }) {
  const { email, name } = useLoaderData<{ email: string; name: string }>();
  const data = useActionData<{ errors?: Record<string, string[]> }>();
  const errors = data?.errors ?? {};
  return (
    <section className="login">
      <h1>{title}</h1>
      <p>
        {name}（{email}）
      </p>
      <Form method="post" noValidate>
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
            required
          />
        </Field>
        <Field label="再次输入" name="confirm" errors={errors.confirm}>
          <input
            id="field-confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
          />
        </Field>
        <button type="submit">设置密码并登录</button>
      </Form>
    </section>
  );
}
