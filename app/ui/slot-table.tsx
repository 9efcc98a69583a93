// A task's report slots, unit by unit (按时报送 / 迟报 / 缺报 / 未到期, locked or reopened), and the
// reviewer's form to reopen a locked slot until a day.
import { Form } from "@remix-run/react";
import { periodLabel } from "~/models/reporting-period";
import { SLOT_STATE_LABEL, type SlotCounts } from "~/models/standing";
import { FormError } from "~/ui/form";

type Slot = {
  period: string;
  deadline: string;
  locksAt: string | null;
  filedAt: string | null;
  state: string;
  label: string;
  locked: boolean;
  reopenedUntil: string | null;
};
type Unit = { unit: { id: string; name: string }; role: string; slots: Slot[]; counts: SlotCounts };

export function SlotTable({ units }: { units: Unit[] }) {
  if (units.length === 0) return <p className="muted">尚无责任单位。</p>;
  return (
    <>
      <ul className="slot-counts">
        {units.map((u) => (
          <li key={u.unit.id}>
            {u.unit.name}：{SLOT_STATE_LABEL.ON_TIME} {u.counts.ON_TIME}、{SLOT_STATE_LABEL.LATE}{" "}
            {u.counts.LATE}、{SLOT_STATE_LABEL.MISSING} {u.counts.MISSING}
          </li>
        ))}
      </ul>
      <SlotRows units={units} />
    </>
  );
}

function SlotRows({ units }: { units: Unit[] }) {
  return (
    <table className="slots">
      <thead>
        <tr>
          <th>单位</th>
          <th>报送期</th>
          <th>截止</th>
          <th>情况</th>
        </tr>
      </thead>
      <tbody>
        {units.flatMap((u) =>
          u.slots.slice(0, 4).map((s) => (
            <tr key={`${u.unit.id}-${s.period}`}>
              <td className="c-strong">{u.unit.name}</td>
              <td data-label="报送期">{periodLabel(s.period)}</td>
              <td data-label="截止">{s.deadline}</td>
              <td data-label="情况">
                <span className={`tag slot-${s.state}`}>{s.label}</span>
                {s.filedAt ? <span className="muted"> {s.filedAt}</span> : null}
                {s.locked ? <span className="tag locked"> 已锁定</span> : null}
                {s.reopenedUntil && !s.locked ? (
                  <span className="muted"> 补报开放至{s.reopenedUntil}</span>
                ) : null}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

type ReopenProps = {
  units: Unit[];
  saved: number;
  errors: Record<string, string[]>;
  valueFor: (name: string) => string | undefined;
};

export function ReopenSlotForm({ units, saved, errors, valueFor }: ReopenProps) {
  const locked = units.flatMap((u) =>
    u.slots.filter((s) => s.locked).map((s) => ({ unit: u.unit, period: s.period })),
  );
  if (locked.length === 0) return null;
  return (
    <Form method="post" className="inline-form" key={`reopen-slot-${saved}`}>
      <h3>重新开放已锁定的报送期</h3>
      <input type="hidden" name="intent" value="reopenSlot" />
      <select name="slot" aria-label="报送期" defaultValue={valueFor("slot") ?? ""}>
        <option value="">选择单位和报送期…</option>
        {locked.map((l) => (
          <option key={`${l.unit.id}|${l.period}`} value={`${l.unit.id}|${l.period}`}>
            {l.unit.name} · {periodLabel(l.period)}
          </option>
        ))}
      </select>
      <label>
        补报截止 <input type="date" name="until" defaultValue={valueFor("until") ?? ""} />
      </label>
      <input
        name="reason"
        size={24}
        placeholder="重新开放的原因"
        aria-label="重新开放的原因"
        defaultValue={valueFor("reason") ?? ""}
      />
      <button type="submit">重新开放</button>
      <FormError errors={errors.slot ?? errors.until ?? errors.reason} />
    </Form>
  );
}
