import { useState } from 'react';
import type { AppError } from '../../../../preload/contract';
import type { ExportSettings } from '../../../../preload/contract/export';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { useTemplatePreview } from './use-template-preview';

interface Props {
  readonly id?: number;
  readonly initial: ExportSettings;
  readonly fields: readonly { name: string; description: string }[];
  readonly dateCodes: readonly { name: string; description: string }[];
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}

const KINDS = [
  ['profile', 'Profile photos'],
  ['personal', 'Personal photos (set by you for them)'],
  ['fallback', 'Public (fallback) photos'],
] as const;

const MODES = [
  ['copy', 'Copy', 'Independent files; dates and names can be written into them.'],
  ['reflink', 'Reflink', 'A copy that shares blocks where the file system can (Btrfs, XFS, APFS); else a copy.'],
  ['hardlink', 'Hard link', 'No extra space; the files are the archive’s own, so nothing is written into them.'],
] as const;

/** Adding or changing an export profile: folder, template with a live preview and errors inline, what to include, how. */
export function ProfileEditor({ id, initial, fields, dateCodes, onSaved, onCancel }: Props) {
  const api = useApi();
  const [s, setS] = useState<ExportSettings>(initial);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = useTemplatePreview(s);
  const set = <K extends keyof ExportSettings>(key: K, value: ExportSettings[K]) => setS((current) => ({ ...current, [key]: value }));
  const include = <K extends keyof ExportSettings['include']>(key: K, value: ExportSettings['include'][K]) =>
    setS((current) => ({ ...current, include: { ...current.include, [key]: value } }));
  const templateError = preview && !preview.ok ? preview.message : error?.code === 'EXPORT_TEMPLATE_INVALID' ? error.message : undefined;

  async function chooseFolder() {
    const outcome = await api.settle('export.chooseFolder', {});
    if (outcome.ok && outcome.value.path) set('destination', outcome.value.path);
  }

  async function save() {
    setSaving(true);
    try {
      await api.request('export.saveProfile', { ...(id !== undefined ? { id } : {}), settings: s });
      setError(null);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.toAppError() : { code: 'INTERNAL', message: String(e) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="export-editor"
      aria-label={id === undefined ? 'New export' : `Edit ${initial.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="export-editor__grid">
        <Field label="Name">{(c) => <input {...c} className="input" value={s.name} onChange={(e) => set('name', e.target.value)} />}</Field>
        <Field label="Export folder" hint="A full path; created when missing.">
          {(c) => (
            <div className="export-editor__row">
              <input {...c} className="input input--mono" value={s.destination} onChange={(e) => set('destination', e.target.value)} />
              <Button onClick={() => void chooseFolder()}>Choose…</Button>
            </div>
          )}
        </Field>
      </div>

      <Field label="File names" hint="Use / for folders and {fields} for values; the extension is added." error={templateError}>
        {(c) => <input {...c} className="input input--mono" value={s.template} spellCheck={false} onChange={(e) => set('template', e.target.value)} />}
      </Field>
      <div className="export-preview" aria-live="polite">
        <p className="export-preview__title">
          {preview?.ok ? `Preview: the first ${preview.paths.length} of ${preview.total} files` : 'Preview'}
        </p>
        {preview?.ok && (
          <ul className="export-preview__list" aria-label="Preview of the first names">
            {preview.paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <details className="export-fields">
        <summary>Fields and date codes</summary>
        <dl>
          {fields.map((f) => (
            <div key={f.name}>
              <dt>
                <code>{`{${f.name}}`}</code>
              </dt>
              <dd>{f.description}</dd>
            </div>
          ))}
        </dl>
        <dl>
          {dateCodes.map((f) => (
            <div key={f.name}>
              <dt>
                <code>{f.name}</code>
              </dt>
              <dd>{f.description}</dd>
            </div>
          ))}
        </dl>
      </details>

      <div className="export-editor__grid">
        <fieldset className="export-editor__set">
          <legend>Include</legend>
          <label className="checkbox">
            <input type="checkbox" checked={s.include.stills} onChange={(e) => include('stills', e.target.checked)} /> Stills
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={s.include.videos} onChange={(e) => include('videos', e.target.checked)} /> Video avatars
          </label>
          {KINDS.map(([kind, label]) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={s.include[kind]} onChange={(e) => include(kind, e.target.checked)} /> {label}
            </label>
          ))}
          <label className="checkbox">
            <input type="checkbox" checked={s.include.removed === 'mark'} onChange={(e) => include('removed', e.target.checked ? 'mark' : 'omit')} /> Photos they
            removed (marked in the index)
          </label>
        </fieldset>
        <fieldset className="export-editor__set">
          <legend>Files</legend>
          {MODES.map(([mode, label, hint]) => (
            <label key={mode} className="checkbox export-editor__mode">
              <input
                type="radio"
                name="mode"
                checked={s.mode === mode}
                onChange={() => setS((current) => ({ ...current, mode, writeMetadata: mode === 'hardlink' ? false : current.writeMetadata }))}
              />
              <span>
                {label}
                <small>{hint}</small>
              </span>
            </label>
          ))}
          <label className="checkbox">
            <input type="checkbox" checked={s.writeMetadata} disabled={s.mode === 'hardlink'} onChange={(e) => set('writeMetadata', e.target.checked)} /> Write the
            date and the person into the files
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={s.sidecars} onChange={(e) => set('sidecars', e.target.checked)} /> A JSON file beside each photo
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={s.webPage} onChange={(e) => set('webPage', e.target.checked)} /> An offline web page of the export (index.html)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={s.autoExport} onChange={(e) => set('autoExport', e.target.checked)} /> Export after each archive run
          </label>
        </fieldset>
      </div>
      <Field label="Time zone" hint="For dates in names and inside the files (IANA name, e.g. Europe/Berlin).">
        {(c) => <input {...c} className="input" value={s.timeZone} onChange={(e) => set('timeZone', e.target.value)} />}
      </Field>

      {error && error.code !== 'EXPORT_TEMPLATE_INVALID' && (
        <p className="export-editor__error" role="alert">
          {error.message}
        </p>
      )}
      <div className="export-editor__actions">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" disabled={saving || Boolean(templateError)}>
          {id === undefined ? 'Save export' : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}
