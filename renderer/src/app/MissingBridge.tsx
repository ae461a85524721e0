import './app.css';

/** Shown when the page was opened without the app around it (no preload, no harness). */
export function MissingBridge() {
  return (
    <main className="missing-bridge">
      <h1>Photo Archiver can't start</h1>
      <p role="alert">This window has no connection to the app's background process. Restart the app; if it keeps happening, reinstall it.</p>
    </main>
  );
}
