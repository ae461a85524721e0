import type { Account } from '../../../../preload/contract';
import { AccountItem } from './AccountItem';
import type { AccountConnection } from './use-connections';

interface Props {
  readonly accounts: readonly Account[];
  readonly connections: ReadonlyMap<number, AccountConnection>;
  readonly onLogin: (account: Account) => void;
}

export function AccountList({ accounts, connections, onLogin }: Props) {
  return (
    <ul className="list" aria-label="Telegram accounts">
      {accounts.map((account) => (
        <AccountItem key={account.id} account={account} connection={connections.get(account.id)} onLogin={onLogin} />
      ))}
    </ul>
  );
}
