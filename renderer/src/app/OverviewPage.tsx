import type { Account } from '../../../preload/contract';
import { AccountsSection } from '../features/accounts/AccountsSection';
import { useAccounts } from '../features/accounts/use-accounts';
import { SyncPanel } from '../features/sync/SyncPanel';
import { TargetsSection } from '../features/targets/TargetsSection';
import { PageHeader } from '../ui/PageHeader';

interface Props {
  readonly onConnectAccount: () => void;
  readonly onAddPeople: () => void;
  readonly onLogin: (account: Account) => void;
}

/** The first screen: who the archive signs in as, and whom it archives. */
export function OverviewPage({ onConnectAccount, onAddPeople, onLogin }: Props) {
  const accounts = useAccounts();
  const accountCount = accounts.state.status === 'ready' ? accounts.state.data.length : null;
  return (
    <>
      <PageHeader title="Your archive" subtitle="Profile photos of the people you follow, kept on this computer." />
      {accountCount !== null && accountCount > 0 && <SyncPanel />}
      <AccountsSection accounts={accounts} onConnectAccount={onConnectAccount} onLogin={onLogin} />
      <TargetsSection accountCount={accountCount} onAddPeople={onAddPeople} />
    </>
  );
}
