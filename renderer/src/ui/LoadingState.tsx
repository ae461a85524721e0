import './ui.css';

/** Placeholder rows while a list loads; announced once as a status. */
export function LoadingState({ label, rows = 2 }: { readonly label: string; readonly rows?: number }) {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" aria-hidden="true">
          <span className="skeleton skeleton--avatar" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
