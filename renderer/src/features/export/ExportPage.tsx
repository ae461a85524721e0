import { useEffect, useState } from 'react';
import type { AppError } from '../../../../preload/contract';
import type { ExportProfile, ExportSummary } from '../../../../preload/contract/export';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { Section } from '../../ui/Section';
import { ProfileEditor } from './ProfileEditor';
import { useExportProgress } from './use-export-progress';
import './export.css';

const NO_INPUT = {};
const NO_SCOPES = [] as const;

type Editing = { readonly id?: number; readonly profile?: ExportProfile } | null;

export function summaryText(s: ExportSummary): string {
  const when = new Date(s.finishedAt).toLocaleString();
  const head = { done: 'Exported', cancelled: 'Cancelled', failed: 'Failed' }[s.status];
  const parts = [`${s.total} files`, `${s.written} written`, `${s.unchanged} unchanged`];
  if (s.keptEdited.length) parts.push(`${s.keptEdited.length} edited by you and kept`);
  if (s.errors.length) parts.push(`${s.errors.length} errors`);
  return `${head} ${when}: ${parts.join(', ')}${s.error ? `. ${s.error}` : '.'}`;
}

/** Export folders: the saved profiles, each run with progress and a cancel, and the editor. */
export function ExportPage() {
  const api = useApi();
  const profiles = useRequest('export.profiles', NO_INPUT, NO_SCOPES);
  const fields = useRequest('export.fields', NO_INPUT, NO_SCOPES);
  const progress = useExportProgress();
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<AppError | null>(null);
  const running = progress?.state === 'running' ? progress : null;
  const { reload } = profiles;

  // A finished export changes its profile's summary.
  useEffect(() => {
    if (progress && progress.state !== 'running') reload();
  }, [progress, reload]);

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.toAppError() : { code: 'INTERNAL', message: String(e) });
    }
  }

  const ready = profiles.state.status === 'ready' && fields.state.status === 'ready' ? { list: profiles.state.data, docs: fields.state.data } : null;
  return (
    <>
      <PageHeader
        title="Export"
        subtitle="Folders of your archive that other apps understand, kept up to date."
        actions={
          ready && !editing ? (
            <Button variant="primary" onClick={() => setEditing({})}>
              New export
            </Button>
          ) : undefined
        }
      />
      {profiles.state.status === 'loading' && <LoadingState label="Loading exports…" rows={2} />}
      {profiles.state.status === 'error' && <ErrorState title="Couldn't read the exports." error={profiles.state.error} onRetry={reload} />}
      {error && (
        <p className="export-editor__error" role="alert">
          {error.message}
        </p>
      )}
      {ready && editing && (
        <Section title={editing.profile ? `Edit “${editing.profile.settings.name}”` : 'New export'}>
          <ProfileEditor
            {...(editing.profile ? { id: editing.profile.id } : {})}
            initial={editing.profile?.settings ?? { ...ready.docs.defaults, name: ready.list.length ? `Export ${ready.list.length + 1}` : 'Export' }}
            fields={ready.docs.fields}
            dateCodes={ready.docs.dateCodes}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
            onCancel={() => setEditing(null)}
          />
        </Section>
      )}
      {ready && !editing && ready.list.length === 0 && (
        <EmptyState
          title="No exports yet"
          action={
            <Button variant="primary" onClick={() => setEditing({})}>
              New export
            </Button>
          }
        >
          An export keeps a folder of your archive&apos;s photos up to date, named your way, with the dates inside the files.
        </EmptyState>
      )}
      {ready && !editing && ready.list.length > 0 && (
        <Section title="Exports">
          <ul className="export-list">
            {ready.list.map((p) => {
              const mine = running?.profileId === p.id ? running : null;
              return (
                <li key={p.id} className="export-item" aria-label={p.settings.name}>
                  <div className="export-item__main">
                    <p className="export-item__name">{p.settings.name}</p>
                    <p className="export-item__meta">
                      <code>{p.settings.destination}</code>
                    </p>
                    <p className="export-item__meta">
                      <code>{p.settings.template}</code> · {p.settings.mode}
                      {p.settings.writeMetadata ? ' · dates in files' : ''}
                      {p.settings.sidecars ? ' · sidecars' : ''}
                      {p.settings.webPage ? ' · web page' : ''}
                      {p.settings.autoExport ? ' · after each run' : ''}
                    </p>
                    {mine ? (
                      <div className="export-progress">
                        <progress max={Math.max(mine.total, 1)} value={mine.done} aria-label={`Exporting ${p.settings.name}`} />
                        <span>
                          {mine.done} of {mine.total} files, {mine.written} written
                        </span>
                      </div>
                    ) : (
                      <p className="export-item__summary" role="status">
                        {p.lastRun ? summaryText(p.lastRun) : 'Not exported yet.'}
                      </p>
                    )}
                    {!mine && p.lastRun && p.lastRun.keptEdited.length > 0 && (
                      <details className="export-item__kept">
                        <summary>Files you edited, kept as they are</summary>
                        <ul>
                          {p.lastRun.keptEdited.map((f) => (
                            <li key={f}>
                              <code>{f}</code>
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </div>
                  <div className="export-item__actions">
                    {mine ? (
                      <Button onClick={() => void act(() => api.request('export.cancel', {}))}>Cancel</Button>
                    ) : (
                      <>
                        <Button variant="primary" disabled={running !== null} onClick={() => void act(() => api.request('export.run', { id: p.id }))}>
                          Export now
                        </Button>
                        <Button disabled={running !== null} onClick={() => setEditing({ profile: p })}>
                          Edit
                        </Button>
                        <Button
                          variant="ghost"
                          disabled={running !== null}
                          onClick={() =>
                            void act(async () => {
                              await api.request('export.removeProfile', { id: p.id });
                              reload();
                            })
                          }
                        >
                          Remove
                        </Button>
                      </>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </Section>
      )}
    </>
  );
}
