import { useId, type ReactNode } from 'react';
import './ui.css';

interface Props {
  readonly title: string;
  readonly description?: string;
  /** Shown at the right of the heading, e.g. a count or an action. */
  readonly aside?: ReactNode;
  readonly busy?: boolean;
  readonly children: ReactNode;
}

/** A titled region of a page; screen readers list it by its heading. */
export function Section({ title, description, aside, busy = false, children }: Props) {
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId} aria-busy={busy}>
      <header className="section__header">
        <div>
          <h2 id={headingId} className="section__title">
            {title}
          </h2>
          {description && <p className="section__description">{description}</p>}
        </div>
        {aside && <div className="section__aside">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
