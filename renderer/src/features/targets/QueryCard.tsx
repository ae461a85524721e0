import { useRef, useState } from 'react';
import type { AppError } from '../../../../preload/contract';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { AtIcon } from '../../ui/icons';
import { WizardCard } from '../login/WizardCard';
import { describeQuery } from './query-kind';

interface Props {
  readonly pending: boolean;
  readonly disabled: boolean;
  /** Resolves with main's error, or null once the person was added. */
  readonly onAdd: (query: string) => Promise<AppError | null>;
}

/** Add one person by what identifies them on Telegram: @username, a t.me link or a phone number. */
export function QueryCard({ pending, disabled, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [errorKey, setErrorKey] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const ready = query.trim().length > 0 && !pending && !disabled;
  const hint = describeQuery(query);

  async function submit() {
    if (!ready) return;
    const problem = await onAdd(query.trim());
    setError(problem);
    setErrorKey((k) => k + 1);
    if (!problem) setQuery('');
    inputRef.current?.focus();
  }

  return (
    <WizardCard
      eyebrow="Find someone"
      title="By username, link or phone number"
      lead={
        <ul className="query-forms" aria-label="What you can enter">
          <li>
            <code>@username</code> or <code>username</code>
          </li>
          <li>
            a link: <code>t.me/username</code>, <code>tg://resolve?domain=username</code>
          </li>
          <li>
            a phone number with its country code: <code>+44 7700 900123</code> <span className="query-forms__note">(only if they let others find them by it)</span>
          </li>
        </ul>
      }
      onSubmit={() => void submit()}
    >
      <Field label="Username, link or phone number" hint={hint ?? 'Paste a link or type a name; press Enter to add.'} error={error?.message} errorKey={errorKey}>
        {(control) => (
          <div className="query-row">
            <span className="query-row__icon" aria-hidden="true">
              <AtIcon size={16} />
            </span>
            <input
              {...control}
              ref={inputRef}
              className="input input--large query-row__input"
              name="query"
              autoComplete="off"
              spellCheck={false}
              placeholder="@username, t.me/username or +44 7700 900123"
              autoFocus
              value={query}
              readOnly={pending}
              onChange={(e) => {
                setQuery(e.target.value);
                setError(null);
              }}
            />
            <Button type="submit" variant="primary" disabled={!ready} aria-busy={pending}>
              {pending ? 'Looking up…' : 'Add'}
            </Button>
          </div>
        )}
      </Field>
    </WizardCard>
  );
}
