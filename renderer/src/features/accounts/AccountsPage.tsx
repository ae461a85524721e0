import { PageHeader } from '../../ui/PageHeader';
import { AccountsSection } from './AccountsSection';
import { useAccounts } from './use-accounts';

export function AccountsPage({ onConnectAccount }: { readonly onConnectAccount: () => void }) {
  const accounts = useAccounts();
  return (
    <>
      <PageHeader title="Accounts" subtitle="Telegram accounts this archive uses." />
      <AccountsSection accounts={accounts} onConnectAccount={onConnectAccount} />
    </>
  );
}
