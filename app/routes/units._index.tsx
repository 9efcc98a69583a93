// 单位: the unit directory of the jurisdictions the viewer sees (an admin all, a reviewer those
// their unit supervises), searchable by name, alias and abbreviation; editors add units here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { formInput, formValues } from "~/forms/report-form";
import { unitSchemas } from "~/forms/unit-forms";
import { directoryScope, requireUnitEditor } from "~/models/access.server";
import { mayEditUnits } from "~/models/permissions";
import { taskIndex } from "~/models/task-index.server";
import { createUnit, DirectoryEditError } from "~/models/unit-directory.server";
import { listUnits } from "~/models/unit.server";
import { UNIT_KINDS } from "~/seed/unit-directory";
import { Field, FormError } from "~/ui/form";
import { UNIT_KIND } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "单位 · 督办" }];

/** The jurisdictions the viewer sees, and those they may add units to. */
function jurisdictionsFor(user: { role: string; unitId: string | null }) {
  const index = taskIndex(db());
  const scope = directoryScope(index, user);
  const all = db().jurisdiction.findMany({ orderBy: { code: "asc" } });
  return all.then((js) => {
    const visible = js.filter((j) => !scope || scope.has(j.id));
    const supervised = index.supervisedBy(user.unitId);
    return {
      scope,
      visible: visible.map((j) => ({ id: j.id, name: j.name })),
      editable: visible
        .filter((j) => mayEditUnits(user.role, supervised.has(j.id)))
        .map((j) => ({ id: j.id, name: j.name })),
    };
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const { scope, visible, editable } = await jurisdictionsFor(user);
  const jurisdictionId = url.searchParams.get("jurisdiction") || undefined;
  const q = url.searchParams.get("q")?.trim().slice(0, 60) || undefined;
  const inactive = url.searchParams.get("inactive") === "1";
  const units = await listUnits(db(), { scope, jurisdictionId, q, inactive });
  return json({ units, jurisdictions: visible, editable, filter: { jurisdictionId, q, inactive } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const values = formValues(form, unitSchemas.create);
  const parsed = unitSchemas.create.safeParse(formInput(form));
  if (!parsed.success)
    return json(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values },
      { status: 400 },
    );
  await requireUnitEditor(db(), request, user, parsed.data.jurisdictionId);
  try {
    const unit = await createUnit(db(), parsed.data, user.id);
    return redirect(`/units/${unit.id}`);
  } catch (error) {
    if (!(error instanceof DirectoryEditError)) throw error;
    return json(
      { errors: { [error.field]: [error.message] } as Record<string, string[]>, values },
      { status: 400 },
    );
  }
}

export default function Units() {
  const { units, jurisdictions, editable, filter } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors ?? {};
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <>
      <h1>单位</h1>
      <Form method="get" className="filters" role="search">
        {jurisdictions.length > 1 ? (
          <label>
            地区{" "}
            <select name="jurisdiction" defaultValue={filter.jurisdictionId ?? ""}>
              <option value="">全部</option>
              {jurisdictions.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          名称{" "}
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="名称、别称或简称"
            maxLength={60}
          />
        </label>
        <label className="check">
          <input type="checkbox" name="inactive" value="1" defaultChecked={filter.inactive} />{" "}
          含已撤销、已合并
        </label>
        <button type="submit">查找</button>
      </Form>
      <p className="summary">共 {units.length} 个单位</p>
      <table>
        <thead>
          <tr>
            <th>地区</th>
            <th>单位</th>
            <th>类别</th>
            <th>别称、简称</th>
            <th>现单位</th>
            <th>任务数</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.id}>
              <td className="muted c-top">{u.jurisdiction.name}</td>
              <td className="c-title">
                <Link to={`/units/${u.id}`}>{u.name}</Link>
                {!u.recognized ? <span className="flag"> ⚠ 未识别</span> : null}
                {u.mergedAt ? (
                  <span className="tag"> 已合并</span>
                ) : !u.active ? (
                  <span className="tag"> 已撤销</span>
                ) : null}
                {u._count.members > 0 ? (
                  <span className="muted">（{u._count.members} 个成员）</span>
                ) : null}
              </td>
              <td className="c-top">{UNIT_KIND[u.recognized ? u.kind : "UNKNOWN"] ?? u.kind}</td>
              <td data-label="又称" className="muted">
                {u.aliases.map((a) => a.alias).join("、")}
              </td>
              <td data-label="现单位">
                {u.successor ? (
                  <>
                    → <Link to={`/units/${u.successor.id}`}>{u.successor.name}</Link>
                    <span className="muted">（{u.successionYear}年）</span>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="任务数">{u.taskCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable.length > 0 ? (
        <section className="panel" aria-label="新建单位" id="new">
          <h2>新建单位</h2>
          <Form method="post" className="stack-form">
            <Field label="地区" name="jurisdictionId" errors={errors.jurisdictionId}>
              <select
                id="field-jurisdictionId"
                name="jurisdictionId"
                defaultValue={values.jurisdictionId ?? filter.jurisdictionId ?? editable[0]!.id}
              >
                {editable.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="单位名称" name="name" errors={errors.name}>
              <input id="field-name" name="name" maxLength={60} defaultValue={values.name ?? ""} />
            </Field>
            <Field label="类别" name="kind" errors={errors.kind}>
              <select id="field-kind" name="kind" defaultValue={values.kind ?? "DEPARTMENT"}>
                {UNIT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {UNIT_KIND[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="备注" name="note" errors={errors.note}>
              <input id="field-note" name="note" maxLength={500} defaultValue={values.note ?? ""} />
            </Field>
            <FormError errors={errors.form} />
            <button type="submit">新建</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
