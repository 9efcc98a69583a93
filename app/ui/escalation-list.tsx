// A task's escalations (督办升级) as a list: each step, when, why; a 督办函 with its download.
import type { EscalationItem } from "~/models/escalation.server";

export function EscalationList({ taskId, items }: { taskId: string; items: EscalationItem[] }) {
  if (items.length === 0) return <p className="muted">尚无督办升级记录。</p>;
  return (
    <ul className="timeline escalations">
      {items.map((e) => (
        <li key={e.id}>
          <time>{e.at}</time>
          <span className={`tag escalation ${e.kind}`}>{e.label}</span>
          {e.manual ? <span className="muted">（督办单位登记）</span> : null}
          {e.text ? <span>{` — ${e.text}`}</span> : null}
          {e.letter ? (
            <>
              {" · "}
              <a href={`/tasks/${taskId}/letters/${e.id}`} download>
                下载督办函（Word）
              </a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The 挂牌督办 mark, on the board, the task page and the roll-up. */
export function ListedBadge() {
  return (
    <span className="tag listed" title="挂牌督办：督办单位解除前一直标注">
      挂牌督办
    </span>
  );
}
