import type { Account } from '../../../../preload/contract';
import type { RequestHandle } from '../../api/use-request';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { Section } from '../../ui/Section';
import { AccountList } from './AccountList';
import { useConnections } from './use-connections';

interface Props {
  readonly accounts: RequestHandle<Account[]>;
  readonly onConnectAccount: () => void;
  /** Log an existing account in again (needs_login, logged_out). */
  readonly onLogin: (account: Account) => void;
}

export function AccountsSection({ accounts: { state, reload }, onConnectAccount, onLogin }: Props) {
  const connections = useConnections();
  const hasAccounts = state.status === 'ready' && state.data.length > 0;
  return (
    <Section
      title="Telegram accounts"
      description="The accounts the archive signs in with to see profile photos."
      busy={state.status === 'loading' || (state.status === 'ready' && state.refreshing)}
      aside={
        hasAccounts && (
          <Button variant="ghost" onClick={onConnectAccount}>
            Connect another account
          </Button>
        )
      }
    >
      {state.status === 'loading' && <LoadingState label="Loading accounts…" rows={1} />}
      {state.status === 'error' && <ErrorState title="Couldn't load your accounts." error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length ? (
          <AccountList accounts={state.data} connections={connections} onLogin={onLogin} />
        ) : (
          <EmptyState
            title="No Telegram account yet"
            action={
              <Button variant="primary" onClick={onConnectAccount}>
                Connect a Telegram account
              </Button>
            }
          >
            Sign in with a Telegram account to start archiving. Your session stays encrypted on this computer.
          </EmptyState>
        ))}
    </Section>
  );
}
