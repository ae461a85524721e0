import { useState } from 'react';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';
import { ProblemText, useRetryWait } from '../ProblemText';
import type { LoginProblem } from '../use-login';
import { WizardCard } from '../WizardCard';

interface Props {
  readonly initialPhone: string;
  readonly error: LoginProblem | null;
  readonly errorKey: number;
  readonly pending: boolean;
  readonly onSubmit: (phone: string) => void;
  readonly onCancel: () => void;
}

/** Digits in what was typed, to hint before asking Telegram. */
function phoneHint(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/[^\d\s()+.-]/.test(v)) return 'Use digits only, with the country code, e.g. +44 7700 900123.';
  const digits = v.replace(/\D/g, '').length;
  if (digits > 15) return 'That is too long for a phone number.';
  return null;
}

export function PhoneStep({ initialPhone, error, errorKey, pending, onSubmit, onCancel }: Props) {
  const [phone, setPhone] = useState(initialPhone);
  const wait = useRetryWait(error);
  const blocked = wait !== null;
  const hint = phoneHint(phone);
  const enough = phone.replace(/\D/g, '').length >= 5;
  return (
    <WizardCard
      eyebrow="Sign in with phone number"
      title="Your phone number"
      lead={<p>Enter the number of your Telegram account. Telegram will send you a login code.</p>}
      onSubmit={() => {
        if (!pending && enough && !blocked) onSubmit(phone);
      }}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending || !enough || blocked} aria-busy={pending}>
            {pending ? 'Sending code…' : (wait ?? 'Send code')}
          </Button>
        </>
      }
    >
      <div className="wizard-card__fields">
        <Field
          label="Phone number"
          hint={hint ?? 'In international format, starting with + and the country code.'}
          error={error && <ProblemText problem={error} />}
          errorKey={errorKey}
        >
          {(control) => (
            <input
              {...control}
              className="input input--large"
              type="tel"
              name="phone"
              autoComplete="tel"
              inputMode="tel"
              placeholder="+44 7700 900123"
              autoFocus
              value={phone}
              readOnly={pending}
              onChange={(e) => setPhone(e.target.value)}
            />
          )}
        </Field>
      </div>
    </WizardCard>
  );
}
