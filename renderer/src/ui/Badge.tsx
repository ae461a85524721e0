import './ui.css';

export type BadgeTone = 'success' | 'warning' | 'neutral' | 'info';

export function Badge({ tone, children }: { readonly tone: BadgeTone; readonly children: string }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
