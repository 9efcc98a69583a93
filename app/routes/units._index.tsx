// 单位: the unit directory with renames, collectives and unrecognized names.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db/db.server";
import { listUnits } from "~/models/unit.server";
import { UNIT_KIND } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "单位 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ units: await listUnits(db()) });
}

export default function Units() {
  const { units } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>单位</h1>
      <table>
        <thead>
          <tr>
            <th>地区</th>
            <th>单位</th>
            <th>类别</th>
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
                {u._count.members > 0 ? (
                  <span className="muted">（{u._count.members} 个成员）</span>
                ) : null}
              </td>
              <td className="c-top">{UNIT_KIND[u.kind] ?? u.kind}</td>
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
    </>
  );
}
