import type { Account, RequestOutput } from '../../../../../preload/contract';

type ApiCredentialsInfo = RequestOutput<'credentials.get'>;
import { Button } from '../../../ui/Button';
import { LockIcon } from '../../../ui/icons';
import { personName } from '../../../ui/person-name';
import { WizardCard } from '../WizardCard';

interface Props {
  readonly credentials: ApiCredentialsInfo;
  /** Logging an existing account in again (its session ended). */
  readonly relogin: Account | null;
  readonly pending: boolean;
  readonly onChoose: (method: 'qr' | 'phone') => void;
  readonly onChangeCredentials: () => void;
  readonly onBack: () => void;
}

/** The start of the flow: scan a QR code, or type a phone number and a code. */
export function MethodStep({ credentials, relogin, pending, onChoose, onChangeCredentials, onBack }: Props) {
  const who = relogin ? personName(relogin.firstName, relogin.lastName, relogin.username ? `@${relogin.username}` : 'this account') : null;
  return (
    <WizardCard
      eyebrow={relogin ? 'Log in again' : 'Sign in'}
      title="How do you want to sign in?"
      lead={
        who ? (
          <p>
            Telegram ended the session of <strong>{who}</strong>. Sign in to that account again to continue archiving.
          </p>
        ) : (
          <p>Sign in with the Telegram account the archive should use to see profile photos.</p>
        )
      }
      focusTitle
      footer={
        <>
          <Button onClick={onBack}>Back to the archive</Button>
          <span className="wizard-card__footer-note">
            API ID <code>{credentials.apiId}</code> ·{' '}
            <button type="button" className="link-button" onClick={onChangeCredentials}>
              Change API keys
            </button>
          </span>
        </>
      }
    >
      <div className="method-options" role="group" aria-label="Sign-in method">
        <button type="button" className="method-option" disabled={pending} onClick={() => onChoose('qr')}>
          <span className="method-option__icon method-option__icon--qr" aria-hidden="true">
            <QrGlyph />
          </span>
          <span className="method-option__text">
            <span className="method-option__title">
              QR code <span className="method-option__tag">Quickest</span>
            </span>
            <span className="method-option__description">Scan a code with Telegram on your phone. Nothing to type.</span>
          </span>
          <span className="method-option__chevron" aria-hidden="true">
            ›
          </span>
        </button>
        <button type="button" className="method-option" disabled={pending} onClick={() => onChoose('phone')}>
          <span className="method-option__icon" aria-hidden="true">
            <PhoneGlyph />
          </span>
          <span className="method-option__text">
            <span className="method-option__title">Phone number</span>
            <span className="method-option__description">Telegram sends a login code to your other devices or by SMS.</span>
          </span>
          <span className="method-option__chevron" aria-hidden="true">
            ›
          </span>
        </button>
      </div>
      <p className="wizard-card__note">
        <LockIcon size={13} /> The session is stored encrypted on this computer and is never shown or sent anywhere else.
      </p>
    </WizardCard>
  );
}

function QrGlyph() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" fill="currentColor">
      <path d="M3 3h8v8H3V3zm2 2v4h4V5H5zm8-2h8v8h-8V3zm2 2v4h4V5h-4zM3 13h8v8H3v-8zm2 2v4h4v-4H5zm8-2h2v2h-2v-2zm4 0h4v2h-4v-2zm-4 4h2v4h-2v-4zm4 0h2v2h2v4h-4v-6zm2 0h2v2h-2v-2z" />
    </svg>
  );
}

function PhoneGlyph() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <rect x="6" y="2.5" width="12" height="19" rx="2.5" />
      <path d="M10.5 18.5h3" />
    </svg>
  );
}
