import type { Account } from '../../../../../preload/contract';
import { Avatar } from '../../../ui/Avatar';
import { Button } from '../../../ui/Button';
import { personName } from '../../../ui/person-name';
import { formatPhone } from '../../accounts/format-phone';
import { WizardCard } from '../WizardCard';

interface Props {
  readonly account: Account;
  readonly onFinish: () => void;
  readonly onAnother: () => void;
}

export function DoneStep({ account, onFinish, onAnother }: Props) {
  const name = personName(account.firstName, account.lastName, account.username ? `@${account.username}` : 'your account');
  const details = [account.username ? `@${account.username}` : null, account.phone ? formatPhone(account.phone) : null].filter(Boolean).join(' · ');
  return (
    <WizardCard
      eyebrow="Signed in"
      title={`Welcome, ${account.firstName || name}!`}
      focusTitle
      footer={
        <>
          <Button onClick={onAnother}>Connect another account</Button>
          <Button variant="primary" onClick={onFinish}>
            Go to your archive
          </Button>
        </>
      }
    >
      <div className="done">
        <div className="done__account">
          <span className="done__avatar">
            <Avatar id={account.id} name={name} />
            <span className="done__check" aria-hidden="true">
              ✓
            </span>
          </span>
          <div>
            <p className="done__name">{name}</p>
            {details && <p className="done__details">{details}</p>}
          </div>
        </div>
        <p>This account is connected. The archive uses it to see the profile photos of the people you add, and keeps them on this computer.</p>
      </div>
    </WizardCard>
  );
}
