import { useState, type FormEvent, type ReactNode } from 'react';
import type { AppError } from '../../../../preload/contract';
import type { AppSettings } from '../../../../preload/contract/settings';
import { useApi } from '../../api/api-context';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { Section } from '../../ui/Section';
import { readDraft, toDraft, type Problems, type SettingsDraft } from './draft';
import { ScheduleSummary } from './ScheduleSummary';

type NumberField = 'intervalMinutes' | 'deepScanDays' | 'dailyRequestBudget' | 'filesPerDc' | 'peopleAtOnce';
const PATH: Record<NumberField, string> = {
  intervalMinutes: 'schedule.intervalMinutes',
  deepScanDays: 'schedule.deepScanDays',
  dailyRequestBudget: 'schedule.dailyRequestBudget',
  filesPerDc: 'concurrency.filesPerDc',
  peopleAtOnce: 'concurrency.peopleAtOnce',
};

/** Every setting in one form: checked as a whole on save, each problem shown next to its field. */
export function SettingsForm({ settings }: { readonly settings: AppSettings }) {
  const api = useApi();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const [problems, setProblems] = useState<Problems>({});
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [pending, setPending] = useState(false);

  const edit = (patch: Partial<SettingsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const { update, problems: found } = readDraft(draft);
    setProblems(found);
    setAttempt((n) => n + 1);
    setFailure(null);
    if (Object.keys(found).length > 0 || pending) return;
    setPending(true);
    const outcome = await api.settle('settings.update', update);
    setPending(false);
    if (outcome.ok) {
      setDraft(toDraft(outcome.value));
      setSaved(true);
    } else {
      setFailure(outcome.error);
    }
  }

  const numberField = (field: NumberField, label: string, hint: ReactNode, unit: string) => (
    <Field label={label} hint={hint} error={problems[PATH[field]]} errorKey={attempt}>
      {(control) => (
        <div className="settings__number">
          <input {...control} className="input" inputMode="numeric" value={draft[field]} onChange={(e) => edit({ [field]: e.target.value })} />
          <span className="settings__unit">{unit}</span>
        </div>
      )}
    </Field>
  );
  const checkbox = (field: 'newPhotos' | 'removedPhotos' | 'startAtLogin', label: string, hint?: string) => (
    <label className="settings__check">
      <input type="checkbox" checked={draft[field]} onChange={(e) => edit({ [field]: e.target.checked })} />
      <span>
        {label}
        {hint && <small className="field__hint">{hint}</small>}
      </span>
    </label>
  );

  return (
    <form className="settings" onSubmit={(e) => void save(e)} noValidate aria-label="Settings">
      <Section title="Background archiving" description="How often the archive looks for new and removed photos while the app runs (or sync --watch).">
        <div className="settings__fields">
          <ScheduleSummary />
          {numberField('intervalMinutes', 'Check everyone every', 'From 5 minutes to a week. People can have their own interval below.', 'minutes')}
          {numberField('deepScanDays', 'Full history scan every', 'A full listing finds photos people removed; the scans are spread over this time.', 'days')}
          {numberField('dailyRequestBudget', 'Daily request budget', 'Telegram lookups and listings per day (file downloads are not counted); 0 means no limit. It refills at midnight.', 'requests')}
        </div>
      </Section>
      <Section title="Downloads" description="Telegram limits how fast an ordinary (non-premium) account may download; the defaults stay within it.">
        <div className="settings__fields">
          {numberField('filesPerDc', 'Files at once', 'Per Telegram data center, 1 to 64.', 'files')}
          {numberField('peopleAtOnce', 'People at once', 'Histories listed at the same time, 1 to 16.', 'people')}
        </div>
      </Section>
      <Section title="Notifications">
        <div className="settings__fields">
          {checkbox('newPhotos', 'New photos', 'One notification per run, naming the people.')}
          {checkbox('removedPhotos', 'Removed photos', 'When someone removed a photo the archive keeps.')}
        </div>
      </Section>
      <Section title="App">
        <div className="settings__fields">
          {checkbox('startAtLogin', 'Start at login', 'Opens in the tray, without a window, when you log in to your computer.')}
          <Field label="Theme">
            {(control) => (
              <select {...control} className="input settings__select" value={draft.theme} onChange={(e) => edit({ theme: e.target.value as SettingsDraft['theme'] })}>
                <option value="system">Same as the system</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            )}
          </Field>
        </div>
      </Section>
      <div className="settings__actions">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save settings'}
        </Button>
        {saved && (
          <span className="settings__saved" role="status">
            Saved.
          </span>
        )}
        {Object.keys(problems).length > 0 && (
          <span className="inline-error" role="status">
            Nothing was saved: fix the fields marked above.
          </span>
        )}
        {failure && (
          <span className="inline-error" role="alert">
            {failure.message}
          </span>
        )}
      </div>
    </form>
  );
}
