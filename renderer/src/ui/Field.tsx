import { useId, type ReactNode } from 'react';
import './forms.css';

/** What the input inside a Field needs to be labelled and described. */
export interface FieldControl {
  readonly id: string;
  readonly 'aria-describedby': string | undefined;
  readonly 'aria-invalid': boolean;
}

interface Props {
  readonly label: string;
  /** Help under the input; stays visible while an error shows. */
  readonly hint?: ReactNode;
  /** A problem with what was entered: shown next to the field and announced. */
  readonly error?: ReactNode;
  /** Changes whenever a new error arrives, so the same message is announced again. */
  readonly errorKey?: string | number;
  /** Something at the right of the label (e.g. a show/hide toggle). */
  readonly labelAside?: ReactNode;
  readonly children: (control: FieldControl) => ReactNode;
}

/** A labelled input with its hint and its error, wired for assistive tech. */
export function Field({ label, hint, error, errorKey, labelAside, children }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <div className="field__label-row">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {labelAside}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': Boolean(error) })}
      {error && (
        <p key={errorKey} id={errorId} className="field__error" role="alert">
          <span className="field__error-icon" aria-hidden="true">
            !
          </span>
          <span>{error}</span>
        </p>
      )}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
