import type { Account, EventPayload } from '../../../../preload/contract';
import { Button } from '../../ui/Button';
import { WarningIcon } from '../../ui/icons';
import { personName } from '../../ui/person-name';
import { useAccounts } from './use-accounts';
import './accounts.css';

export type SessionEnded = EventPayload<'accounts.sessionEnded'>;

interface Props {
  readonly ended: SessionEnded;
  readonly onLogin: (account: Account) => void;
  readonly onDismiss: () => void;
}

/** Telegram ended an account's session: say so on whatever screen is open, with the way back in. */
export function SessionEndedBanner({ ended, onLogin, onDismiss }: Props) {
  const accounts = useAccounts();
  const account = accounts.state.status === 'ready' ? accounts.state.data.find((a) => a.id === ended.accountId) : undefined;
  const name = account ? personName(account.firstName, account.lastName, account.username ? `@${account.username}` : 'An account') : 'An account';
  return (
    <div className="session-banner" role="alert">
      <span className="session-banner__icon" aria-hidden="true">
        <WarningIcon size={20} />
      </span>
      <div className="session-banner__body">
        <p className="session-banner__title">{name} was signed out by Telegram</p>
        <p>{ended.message} Archiving with this account is paused.</p>
      </div>
      <div className="session-banner__actions">
        {account && (
          <Button variant="primary" className="button--small" onClick={() => onLogin(account)}>
            Log in again
          </Button>
        )}
        <Button variant="ghost" className="button--small" onClick={onDismiss} aria-label="Dismiss">
          Dismiss
        </Button>
      </div>
    </div>
  );
}
