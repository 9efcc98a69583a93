import { LIGHT_LABEL, type Light } from "~/models/standing";

export function LightBadge({ light }: { light: Light | null }) {
  if (!light) return <span className="light none">—</span>;
  return (
    <span className={`light ${light}`} title={LIGHT_LABEL[light]}>
      ● {LIGHT_LABEL[light]}
    </span>
  );
}
