import { useState } from 'react';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';
import { ProblemText, useRetryWait } from '../ProblemText';
import type { LoginState } from '../use-login';
import { WizardCard } from '../WizardCard';

type PasswordState = Extract<LoginState, { step: 'password' }>;

interface Props {
  readonly state: PasswordState;
  readonly errorKey: number;
  readonly pending: boolean;
  readonly onSubmit: (password: string) => void;
  readonly onCancel: () => void;
}

export function PasswordStep({ state, errorKey, pending, onSubmit, onCancel }: Props) {
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const wait = useRetryWait(state.error);
  const blocked = wait !== null;
  return (
    <WizardCard
      eyebrow="Two-step verification"
      title="Enter your password"
      lead={<p>This account is protected with a two-step verification password, the one you set in Telegram (not the login code).</p>}
      onSubmit={() => {
        if (!pending && password && !blocked) onSubmit(password);
      }}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending || !password || blocked} aria-busy={pending}>
            {pending ? 'Checking…' : (wait ?? 'Sign in')}
          </Button>
        </>
      }
    >
      <div className="wizard-card__fields">
        <Field
          label="Password"
          hint={state.hint ? <>Your hint: “{state.hint}”</> : 'You set this password in Telegram → Settings → Privacy and Security.'}
          error={state.error && <ProblemText problem={state.error} />}
          errorKey={errorKey}
        >
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                className="input input--large"
                type={visible ? 'text' : 'password'}
                name="password"
                autoComplete="current-password"
                autoCapitalize="off"
                spellCheck={false}
                autoFocus
                value={password}
                readOnly={pending}
                onChange={(e) => setPassword(e.target.value)}
              />
              <button
                type="button"
                className="input-group__button"
                aria-pressed={visible}
                aria-label="Show password"
                onClick={() => setVisible((v) => !v)}
              >
                {visible ? 'Hide' : 'Show'}
              </button>
            </div>
          )}
        </Field>
      </div>
    </WizardCard>
  );
}
