import type { Account } from '../../../../preload/contract';
import { AccountItem } from './AccountItem';

export function AccountList({ accounts }: { readonly accounts: readonly Account[] }) {
  return (
    <ul className="list" aria-label="Telegram accounts">
      {accounts.map((account) => (
        <AccountItem key={account.id} account={account} />
      ))}
    </ul>
  );
}
