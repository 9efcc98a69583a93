// Form pieces: a labelled field with its errors next to it, and focus on the first error.
import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

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
    <p className="form-error" role="alert" tabIndex={-1}>
      {errors.join("；")}
    </p>
  );
}

/**
 * The first field marked invalid in `scope`, else its first form-level error (<FormError>; a
 * page's standing warnings are `.warning` and never take the focus).
 */
export function firstError(scope: ParentNode): HTMLElement | null {
  const field = scope.querySelector<HTMLElement>(
    '[aria-invalid="true"], .field.invalid input, .field.invalid select, .field.invalid textarea',
  );
  return field ?? scope.querySelector<HTMLElement>(".form-error");
}

/**
 * After a form is posted and its answer shown, focus moves to the first error, if any: the
 * submitted form's own first, else the page's (a form re-keyed by its answer is a new element).
 * Used once, in the root layout, so every form behaves the same.
 */
export function useFocusFirstError() {
  const navigation = useNavigation();
  const submitted = useRef<HTMLFormElement | null>(null);
  const posting = useRef(false);
  useEffect(() => {
    const remember = (e: SubmitEvent) => {
      if (e.target instanceof HTMLFormElement) submitted.current = e.target;
    };
    document.addEventListener("submit", remember, true);
    return () => document.removeEventListener("submit", remember, true);
  }, []);
  useEffect(() => {
    if (navigation.state === "submitting" && navigation.formMethod?.toUpperCase() !== "GET") {
      posting.current = true;
      return;
    }
    if (navigation.state !== "idle" || !posting.current) return;
    posting.current = false;
    const form = submitted.current;
    const target =
      (form?.isConnected ? firstError(form) : null) ??
      firstError(document.querySelector("main") ?? document);
    if (!target) return;
    target.focus();
    target.scrollIntoView?.({ block: "center" });
  }, [navigation.state, navigation.formMethod]);
}
