import { Button } from '../../../ui/Button';
import { formatCountdown } from '../../../ui/format-countdown';
import { useRemaining } from '../../../ui/clock';
import { ProblemText } from '../ProblemText';
import { QrCode } from '../QrCode';
import type { LoginState } from '../use-login';
import { WizardCard } from '../WizardCard';

type QrState = Extract<LoginState, { step: 'qr' }>;

interface Props {
  readonly state: QrState;
  readonly errorKey: number;
  readonly onUsePhone: () => void;
  readonly onCancel: () => void;
}

export function QrStep({ state, errorKey, onUsePhone, onCancel }: Props) {
  const left = useRemaining(state.expiresAt);
  return (
    <WizardCard
      eyebrow="Sign in with QR code"
      title="Scan this code with Telegram"
      focusTitle
      wide
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="ghost" onClick={onUsePhone}>
            Use phone number instead
          </Button>
        </>
      }
    >
      <div className="qr-step">
        <div className="qr-step__code">
          <QrCode url={state.url} label="QR code to scan with Telegram on your phone" />
          <p className="qr-step__timer" aria-hidden="true">
            {state.url == null ? 'Getting a code…' : left > 0 ? <>New code in {formatCountdown(left)}</> : 'Getting a new code…'}
          </p>
        </div>
        <div className="qr-step__help">
          <ol className="qr-steps">
            <li>
              <span>Open Telegram on your phone.</span>
            </li>
            <li>
              <span>
                Go to <strong>Settings</strong> → <strong>Devices</strong> → <strong>Link Desktop Device</strong>.
              </span>
            </li>
            <li>
              <span>Point your phone at this code to confirm the login.</span>
            </li>
          </ol>
          <p className="qr-step__note">The code changes by itself every little while; the newest one always works. If your account has a password, you enter it next.</p>
          {state.error && (
            <p key={errorKey} className="wizard-card__alert" role="alert">
              <ProblemText problem={state.error} />
            </p>
          )}
        </div>
      </div>
    </WizardCard>
  );
}
