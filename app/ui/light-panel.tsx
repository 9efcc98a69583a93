// Why a task has its light (the reason and the numbers behind it), and the reviewer's forms to
// override the light for a while or lift the override.
import { Form } from "@remix-run/react";
import type { Light } from "~/models/standing";
import { FormError } from "~/ui/form";
import { LightBadge } from "~/ui/light";

type Why = {
  why: string[];
  override: { light: Light | null; expiresOn: string | null } | null;
  computed: { light: Light | null; reason: string } | null;
};

export function StandingWhy({ standing }: { standing: Why }) {
  return (
    <div className="standing-why">
      {standing.why.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {standing.computed ? (
        <p className="muted">
          按规则：
          <LightBadge light={standing.computed.light} /> {standing.computed.reason}
        </p>
      ) : null}
    </div>
  );
}

type Forms = {
  overridden: boolean;
  saved: number;
  errorsFor: (intent: string) => Record<string, string[]>;
  valueFor: (intent: string, name: string) => string | undefined;
};

export function OverrideForms({ overridden, saved, errorsFor, valueFor }: Forms) {
  const errors = errorsFor("overrideLight");
  return (
    <>
      <Form method="post" className="inline-form" key={`override-${saved}`}>
        <input type="hidden" name="intent" value="overrideLight" />
        <select
          name="light"
          aria-label="调整为"
          defaultValue={valueFor("overrideLight", "light") ?? ""}
          aria-invalid={errors.light ? true : undefined}
        >
          <option value="">调整督办灯为…</option>
          <option value="RED">红灯</option>
          <option value="AMBER">黄灯</option>
          <option value="GREEN">绿灯</option>
        </select>
        <input
          name="reason"
          size={30}
          placeholder="调整理由"
          aria-label="调整理由"
          defaultValue={valueFor("overrideLight", "reason") ?? ""}
          aria-invalid={errors.reason ? true : undefined}
        />
        <label>
          有效期至{" "}
          <input
            type="date"
            name="expiresOn"
            defaultValue={valueFor("overrideLight", "expiresOn") ?? ""}
            aria-invalid={errors.expiresOn ? true : undefined}
          />
        </label>
        <button type="submit">调整督办灯</button>
        <FormError errors={errors.light ?? errors.reason ?? errors.expiresOn} />
      </Form>
      {overridden ? (
        <Form method="post" className="inline-form" key={`lift-${saved}`}>
          <input type="hidden" name="intent" value="liftOverride" />
          <input
            name="reason"
            size={30}
            placeholder="撤销调整的理由"
            aria-label="撤销调整的理由"
            defaultValue={valueFor("liftOverride", "reason") ?? ""}
            aria-invalid={errorsFor("liftOverride").reason ? true : undefined}
          />
          <button type="submit" className="button secondary">
            撤销调整
          </button>
          <FormError errors={errorsFor("liftOverride").reason} />
        </Form>
      ) : null}
    </>
  );
}
