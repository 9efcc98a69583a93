import type { UnitBadge } from "~/models/task.server";
import { ROLE } from "./labels";

/**
 * Units of a task as the document named them, with their role and, if renamed since, today's unit.
 * Plain links: put the table under useLinkClicks() for client-side navigation.
 */
export function UnitBadges({ units }: { units: UnitBadge[] }) {
  if (units.length === 0) return <span className="tag unassigned">待分配</span>;
  return (
    <span className="units">
      {units.map((u) => (
        <span
          className="unit"
          key={`${u.unitId}-${u.role}`}
          title={u.now ? `现为${u.now}` : undefined}
        >
          <span className={`role ${u.role}`}>{ROLE[u.role]}</span>
          <a href={`/units/${u.unitId}`}>{u.name}</a>
          {u.now ? <span className="now">{`→ ${u.now}`}</span> : null}
          {u.unrecognized ? (
            <span className="flag" title="不在单位名录中">
              ⚠ 未识别
            </span>
          ) : null}
        </span>
      ))}
    </span>
  );
}
