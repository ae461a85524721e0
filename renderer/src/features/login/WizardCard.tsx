import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import './login.css';

interface Props {
  /** Small line above the title: where in the flow this is. */
  readonly eyebrow?: string;
  readonly title: string;
  readonly lead?: ReactNode;
  /** Moves focus to the title on mount (steps without a field to type in). */
  readonly focusTitle?: boolean;
  /** Makes the card a form: Enter submits. */
  readonly onSubmit?: () => void;
  readonly footer?: ReactNode;
  readonly children?: ReactNode;
  readonly wide?: boolean;
}

/** One step of the sign-in flow: a title, its content and the step's buttons at the bottom. */
export function WizardCard({ eyebrow, title, lead, focusTitle = false, onSubmit, footer, children, wide = false }: Props) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) titleRef.current?.focus();
  }, [focusTitle]);

  const body = (
    <>
      <header className="wizard-card__header">
        {eyebrow && <span className="wizard-card__eyebrow">{eyebrow}</span>}
        <h2 className="wizard-card__title" ref={titleRef} tabIndex={-1}>
          {title}
        </h2>
        {lead && <div className="wizard-card__lead">{lead}</div>}
      </header>
      {children}
      {footer && <footer className="wizard-card__footer">{footer}</footer>}
    </>
  );
  const className = wide ? 'wizard-card wizard-card--wide' : 'wizard-card';
  if (!onSubmit) {
    return (
      <section className={className} aria-label={title}>
        {body}
      </section>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className={className} aria-label={title} onSubmit={submit} noValidate>
      {body}
    </form>
  );
}
