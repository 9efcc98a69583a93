// Snapshots of a pack and what changed between two of them. A snapshot freezes what a pack showed
// (every task's status, light, latest report, the figures, the agenda, the decisions) as JSON in
// a row that is never updated; the next pack of the same scope opens with 自上次联席会议以来 from
// the difference, and a page compares any two. Pure.
import type { RollupData } from "../../jobs/rollup";

export type SnapshotTask = {
  id: string;
  document: string;
  ref: string;
  heading: string;
  status: string;
  /** 红灯 | 黄灯 | 绿灯 | — (done: 办结 or 销号). */
  light: string;
  daysOverdue: number;
  percent: number | null;
  progress: string;
};

export type Snapshot = {
  takenAt: string;
  title: string;
  period: string;
  overview: RollupData["overview"];
  tasks: SnapshotTask[];
  agenda: RollupData["agenda"];
  decisions: NonNullable<RollupData["decisions"]>;
};

export function snapshotOf(data: RollupData): Snapshot {
  return {
    takenAt: data.builtAt,
    title: data.title,
    period: data.period,
    overview: data.overview,
    tasks: data.measures.map((m) => ({
      id: m.id ?? `${m.document}|${m.ref}`,
      document: m.document,
      ref: m.ref,
      heading: m.heading,
      status: m.status,
      light: m.light,
      daysOverdue: m.daysOverdue ?? 0,
      percent: m.percent,
      progress: m.progress,
    })),
    agenda: data.agenda,
    decisions: data.decisions ?? [],
  };
}

export type TaskChange = Pick<SnapshotTask, "document" | "ref" | "heading"> & {
  from: string;
  to: string;
};

export type SnapshotDiff = {
  from: string;
  to: string;
  /** Done (办结 or 销号) now, not then. */
  completed: TaskChange[];
  /** Past their due date now, not then. */
  newlyOverdue: TaskChange[];
  /** Lights that changed, done tasks apart. */
  lights: TaskChange[];
  /** 需协调事项 raised since. */
  newAgenda: RollupData["agenda"];
  /** The decisions of the last meeting, each with its state now. */
  decisions: Snapshot["decisions"];
};

const agendaKey = (a: RollupData["agenda"][number]) => `${a.unit}|${a.document}|${a.ref}|${a.item}`;

export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const then = new Map(before.tasks.map((t) => [t.id, t]));
  const change = (t: SnapshotTask, from: string, to: string): TaskChange => ({
    document: t.document,
    ref: t.ref,
    heading: t.heading,
    from,
    to,
  });
  const completed: TaskChange[] = [];
  const newlyOverdue: TaskChange[] = [];
  const lights: TaskChange[] = [];
  for (const t of after.tasks) {
    const b = then.get(t.id);
    if (t.light === "—" && b?.light !== "—")
      completed.push(change(t, b?.status ?? "（新增）", t.status));
    else if (t.daysOverdue > 0 && !(b && b.daysOverdue > 0))
      newlyOverdue.push(change(t, b ? "未逾期" : "（新增）", `逾期 ${t.daysOverdue} 天`));
    if (b && t.light !== b.light && t.light !== "—") lights.push(change(t, b.light, t.light));
  }
  const seen = new Set(before.agenda.map(agendaKey));
  const last = after.decisions[0];
  return {
    from: before.takenAt,
    to: after.takenAt,
    completed,
    newlyOverdue,
    lights,
    newAgenda: after.agenda.filter((a) => !seen.has(agendaKey(a))),
    decisions: last ? after.decisions.filter((d) => d.meeting === last.meeting) : [],
  };
}

/** At most this many rows of each list in the briefing; the comparison page shows all. */
export const SINCE_ROWS = 50;
