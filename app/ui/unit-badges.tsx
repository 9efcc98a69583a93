import { ROLE } from "./labels";

export type BadgeAssignment = {
  role: string;
  nameAsWritten: string;
  unit: { id: string; name: string; recognized: boolean };
  currentUnit: { id: string; name: string } | null;
};

/**
 * Units of a task as the document named them, with their role and, if renamed since, today's unit.
 * Plain links: put the table under useLinkClicks() for client-side navigation.
 */
export function UnitBadges({ assignments }: { assignments: BadgeAssignment[] }) {
  if (assignments.length === 0) return <span className="tag unassigned">待分配</span>;
  return (
    <span className="units">
      {assignments.map((a) => (
        <span className="unit" key={`${a.unit.id}-${a.role}`} title={a.currentUnit ? `现为${a.currentUnit.name}` : undefined}>
          <span className={`role ${a.role}`}>{ROLE[a.role]}</span>
          <a href={`/units/${a.unit.id}`}>{a.nameAsWritten}</a>
          {a.currentUnit ? <span className="now">→ {a.currentUnit.name}</span> : null}
          {!a.unit.recognized ? <span className="flag" title="不在单位名录中">⚠ 未识别</span> : null}
        </span>
      ))}
    </span>
  );
}
