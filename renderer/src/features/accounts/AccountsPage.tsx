import type { Account } from '../../../../preload/contract';
import { PageHeader } from '../../ui/PageHeader';
import { AccountsSection } from './AccountsSection';
import { useAccounts } from './use-accounts';

interface Props {
  readonly onConnectAccount: () => void;
  readonly onLogin: (account: Account) => void;
}

export function AccountsPage({ onConnectAccount, onLogin }: Props) {
  const accounts = useAccounts();
  return (
    <>
      <PageHeader title="Accounts" subtitle="Telegram accounts this archive uses." />
      <AccountsSection accounts={accounts} onConnectAccount={onConnectAccount} onLogin={onLogin} />
    </>
  );
}
