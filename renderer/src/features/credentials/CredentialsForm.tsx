import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppError, RequestOutput } from '../../../../preload/contract';

type ApiCredentialsInfo = RequestOutput<'credentials.get'>;
import { useApi } from '../../api/api-context';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { LockIcon } from '../../ui/icons';
import { apiHashProblem, apiIdProblem, credentialsLookComplete } from './validate';
import './credentials.css';

interface Props {
  /** What is stored now, when changing credentials that exist. */
  readonly current: ApiCredentialsInfo | null;
  readonly onSaved: (info: ApiCredentialsInfo) => void;
  readonly onCancel: () => void;
  /** Label of the cancel button: leaving the flow, or going back to it. */
  readonly cancelLabel: string;
}

const MY_TELEGRAM = 'https://my.telegram.org';

/** First run: the api_id and api_hash every Telegram app needs, with where to get them. */
export function CredentialsForm({ current, onSaved, onCancel, cancelLabel }: Props) {
  const api = useApi();
  const [apiId, setApiId] = useState(current?.apiId != null ? String(current.apiId) : '');
  const [apiHash, setApiHash] = useState('');
  // "Too short" only after a submit: said on blur, it would move the button away under the pointer.
  const [hashTouched, setHashTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ error: AppError; n: number } | null>(null);
  const pendingRef = useRef(false);
  const idRef = useRef<HTMLInputElement>(null);
  const hashRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (current?.apiId != null ? hashRef : idRef).current?.focus();
  }, [current]);

  const idProblem = apiIdProblem(apiId);
  const hashProblem = apiHashProblem(apiHash, hashTouched);
  const filled = apiId.trim() !== '' && apiHash.trim() !== '';
  const looksRight = credentialsLookComplete(apiId, apiHash);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setHashTouched(true);
    // Main has the final word (its message says what to fix), so a doubtful entry is still sent.
    if (pendingRef.current || !filled) return;
    pendingRef.current = true;
    setPending(true);
    const outcome = await api.settle('credentials.set', { apiId: apiId.trim(), apiHash: apiHash.trim() });
    pendingRef.current = false;
    setPending(false);
    if (outcome.ok) onSaved(outcome.value);
    else setFailure((f) => ({ error: outcome.error, n: (f?.n ?? 0) + 1 }));
  }

  return (
    <form className="wizard-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="credentials-title">
      <header className="wizard-card__header">
        <span className="wizard-card__eyebrow">Before you sign in</span>
        <h2 id="credentials-title" className="wizard-card__title">
          Your Telegram API keys
        </h2>
        <p className="wizard-card__lead">
          Telegram lets apps like this one connect only with an <strong>API ID</strong> and <strong>API hash</strong> of your own. They identify
          the app, not your account, and you set them up once.
        </p>
      </header>

      <ol className="credentials-steps">
        <li>
          Open{' '}
          <a href={MY_TELEGRAM} target="_blank" rel="noreferrer">
            my.telegram.org
          </a>{' '}
          and sign in with your phone number.
        </li>
        <li>
          Choose <strong>API development tools</strong> and create an application (any name will do).
        </li>
        <li>
          Copy <strong>App api_id</strong> and <strong>App api_hash</strong> into the fields below.
        </li>
      </ol>

      <div className="wizard-card__fields credentials-fields">
        <Field label="API ID" hint="A number, e.g. 1234567." error={idProblem}>
          {(control) => (
            <input
              {...control}
              ref={idRef}
              className="input input--mono"
              name="apiId"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. 1234567"
              value={apiId}
              disabled={pending}
              onChange={(e) => setApiId(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="API hash"
          hint={
            looksRight
              ? '✓ Looks like an API hash.'
              : current?.apiHashMasked
                ? `Stored now: ${current.apiHashMasked}. Enter it again to change it.`
                : '32 characters: digits and the letters a–f.'
          }
          error={hashProblem}
          labelAside={
            <span className="field__counter" aria-hidden="true">
              {apiHash.trim().length}/32
            </span>
          }
        >
          {(control) => (
            <input
              {...control}
              ref={hashRef}
              className="input input--mono"
              name="apiHash"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={64}
              value={apiHash}
              disabled={pending}
              onChange={(e) => setApiHash(e.target.value)}
            />
          )}
        </Field>
      </div>

      {failure && (
        <div key={failure.n} className="wizard-card__alert" role="alert">
          <p className="wizard-card__alert-title">Telegram API keys not saved</p>
          <p>{failure.error.message}</p>
        </div>
      )}

      <p className="wizard-card__note">
        <LockIcon size={13} /> Stored in this archive on this computer. The hash is never shown again in full.
      </p>

      <footer className="wizard-card__footer">
        <Button onClick={onCancel}>{cancelLabel}</Button>
        <Button type="submit" variant="primary" disabled={pending || !filled} aria-busy={pending}>
          {pending ? 'Saving…' : 'Save and continue'}
        </Button>
      </footer>
    </form>
  );
}
