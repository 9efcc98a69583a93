// Form pieces: a labelled field with its errors next to it.
import type { ReactNode } from "react";

export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  children: ReactNode;
}) {
  const id = `field-${name}`;
  return (
    <div className={errors?.length ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <small className="hint">{hint}</small> : null}
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {errors.join("；")}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ errors }: { errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p className="form-error" role="alert">
      {errors.join("；")}
    </p>
  );
}
