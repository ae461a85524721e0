import { Placeholder } from '../../ui/Placeholder';

/** Stands in for the login flow, which is built separately. */
export function LoginPlaceholder({ onBack }: { readonly onBack: () => void }) {
  return (
    <Placeholder title="Connect a Telegram account" onBack={onBack}>
      <p>Signing in comes next. You will be able to:</p>
      <ul>
        <li>scan a QR code with Telegram on your phone, or</li>
        <li>enter your phone number and the code Telegram sends you (and your two-step verification password, if you set one).</li>
      </ul>
      <p>The session is stored encrypted on this computer and is never shown or sent anywhere else.</p>
    </Placeholder>
  );
}
