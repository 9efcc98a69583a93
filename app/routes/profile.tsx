// 个人设置: whether to receive the weekly digest.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: "个人设置 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { email: true, name: true, digest: true },
  });
  return json(row);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = z
    .object({ digest: z.enum(["WEEKLY", "NONE"]) })
    .safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ saved: false }, { status: 400 });
  await db().user.update({ where: { id: user.id }, data: { digest: parsed.data.digest } });
  return json({ saved: true });
}

export default function Profile() {
  const me = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>个人设置</h1>
      <p>
        {me.name}（{me.email}）
      </p>
      {data?.saved ? <p className="notice">已保存。</p> : null}
      <Form method="post">
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
    </>
  );
}
