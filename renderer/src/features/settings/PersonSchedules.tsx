import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../../preload/contract';
import { ScheduleMinutes, fieldProblems } from '../../../../preload/contract/settings';
import { useApi } from '../../api/api-context';
import { useRequest } from '../../api/use-request';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { personName } from '../../ui/person-name';
import { Section } from '../../ui/Section';
import { numberOf } from './draft';

const NO_INPUT = {};
const TARGET_SCOPES = ['targets'] as const;
const PEOPLE = { limit: 500 } as const;

const nameOf = (p: { firstName: string; lastName: string; username: string | null }) => personName(p.firstName, p.lastName, p.username ? `@${p.username}` : 'Unnamed');

/** People checked more (or less) often than the archive's interval. */
export function PersonSchedules() {
  const api = useApi();
  const overrides = useRequest('schedule.overrides', NO_INPUT, TARGET_SCOPES);
  const people = useRequest('targets.list', PEOPLE, TARGET_SCOPES);
  const [userId, setUserId] = useState('');
  const [minutes, setMinutes] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<AppError | null>(null);

  async function set(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setFailure(null);
    const value = numberOf(minutes);
    const found = userId === '' ? 'Choose a person.' : (fieldProblems(ScheduleMinutes, value)[0]?.message ?? null);
    setProblem(found);
    if (found) return;
    const outcome = await api.settle('targets.setSchedule', { userId: Number(userId), minutes: value });
    if (outcome.ok) {
      setMinutes('');
      setUserId('');
    } else setFailure(outcome.error);
  }

  async function clear(id: number) {
    const outcome = await api.settle('targets.setSchedule', { userId: id, minutes: null });
    if (!outcome.ok) setFailure(outcome.error);
  }

  const items = overrides.state.status === 'ready' ? overrides.state.data.items : [];
  return (
    <Section title="Per-person schedule" description="Someone who changes photos often can be checked more often than everyone else.">
      {items.length > 0 && (
        <ul className="list" aria-label="People with their own interval">
          {items.map((p) => (
            <li key={p.userId} className="list-item" aria-label={nameOf(p)}>
              <div className="list-item__body">
                <span className="list-item__title">{nameOf(p)}</span>
                <span className="list-item__meta">every {p.minutes} minutes</span>
              </div>
              <Button variant="ghost" className="button--small" onClick={() => void clear(p.userId)}>
                Use the archive’s interval
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="settings__fields settings__person" onSubmit={(e) => void set(e)} noValidate aria-label="Set a person’s interval">
        <Field label="Person">
          {(control) => (
            <select {...control} className="input settings__select" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">Choose…</option>
              {people.state.status === 'ready' &&
                people.state.data.items.map((t) => (
                  <option key={t.userId} value={t.userId}>
                    {nameOf(t)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Check every" error={problem ?? undefined} errorKey={attempt}>
          {(control) => (
            <div className="settings__number">
              <input {...control} className="input" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
              <span className="settings__unit">minutes</span>
            </div>
          )}
        </Field>
        <div className="settings__actions">
          <Button type="submit">Set interval</Button>
          {failure && (
            <span className="inline-error" role="alert">
              {failure.message}
            </span>
          )}
        </div>
      </form>
    </Section>
  );
}
