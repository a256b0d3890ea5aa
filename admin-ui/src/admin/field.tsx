// A labelled form control with its hint and its error, wired for assistive technology:
// the error and hint describe the control, and the control is marked invalid while in error.
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

interface FieldProps {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string;
  /** One input, select or textarea. */
  readonly children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field admin-field${error ? ' admin-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error && (
        <p className="admin-field__error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="admin-field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
