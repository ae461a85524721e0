import { useState } from 'react';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';
import { CallIcon, ChatIcon, KeyIcon, MessageIcon } from '../../../ui/icons';
import { formatPhone } from '../../accounts/format-phone';
import { ProblemText, useRetryWait } from '../ProblemText';
import type { LoginProblem, LoginState } from '../use-login';
import { WizardCard } from '../WizardCard';

type CodeState = Extract<LoginState, { step: 'code' }>;

interface Props {
  readonly state: CodeState;
  readonly errorKey: number;
  readonly pending: boolean;
  readonly onSubmit: (code: string) => void;
  readonly onChangeNumber: () => void;
  readonly onCancel: () => void;
}

const WHERE: Record<CodeState['delivery'], (phone: string) => string> = {
  app: () => 'Telegram sent the code as a message in the Telegram app on your other devices (look for the chat named “Telegram”).',
  sms: (phone) => `Telegram sent the code by SMS to ${phone}.`,
  call: (phone) => `Telegram is calling ${phone} to read out the code.`,
  email: () => 'Telegram sent the code to the email address linked to your account.',
  other: (phone) => `Telegram sent a login code for ${phone}.`,
};

const ICON: Record<CodeState['delivery'], typeof ChatIcon> = { app: ChatIcon, sms: MessageIcon, call: CallIcon, email: MessageIcon, other: KeyIcon };

export function CodeStep({ state, errorKey, pending, onSubmit, onChangeNumber, onCancel }: Props) {
  const [code, setCode] = useState('');
  const error: LoginProblem | null = state.error;
  const wait = useRetryWait(error);
  const blocked = wait !== null;
  const digits = code.replace(/\D/g, '');
  const phone = formatPhone(state.phone);
  const DeliveryIcon = ICON[state.delivery];
  const lengthText = state.codeLength ? `${state.codeLength}-digit code` : 'code';
  const ready = state.codeLength ? digits.length === state.codeLength : digits.length >= 3;
  return (
    <WizardCard
      eyebrow="Sign in with phone number"
      title="Enter the code"
      lead={
        <div className="delivery">
          <span className="delivery__icon" aria-hidden="true">
            <DeliveryIcon size={20} />
          </span>
          <p>
            {WHERE[state.delivery](phone)}{' '}
            <span className="delivery__phone">
              Signing in as <strong>{phone}</strong>.{' '}
              <button type="button" className="link-button" onClick={onChangeNumber} disabled={pending}>
                Wrong number?
              </button>
            </span>
          </p>
        </div>
      }
      onSubmit={() => {
        if (!pending && ready && !blocked) onSubmit(digits);
      }}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending || !ready || blocked} aria-busy={pending}>
            {pending ? 'Checking…' : (wait ?? 'Sign in')}
          </Button>
        </>
      }
    >
      <div className="wizard-card__fields">
        <Field
          label="Login code"
          hint={`Enter the ${lengthText} exactly as Telegram shows it.`}
          error={error && <ProblemText problem={error} />}
          errorKey={errorKey}
        >
          {(control) => (
            <input
              {...control}
              className="input input--code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={(state.codeLength ?? 10) + 4}
              placeholder={state.codeLength ? '•'.repeat(state.codeLength) : '•••••'}
              style={{ width: `${Math.max(6, (state.codeLength ?? 6) * 1.5 + 3)}ch` }}
              autoFocus
              value={code}
              readOnly={pending}
              onChange={(e) => setCode(e.target.value.replace(/[^\d\s-]/g, ''))}
            />
          )}
        </Field>
      </div>
    </WizardCard>
  );
}
