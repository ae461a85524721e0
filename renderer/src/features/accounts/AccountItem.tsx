import type { Account } from '../../../../preload/contract';
import { Avatar } from '../../ui/Avatar';
import { personName } from '../../ui/person-name';
import { AccountStatusBadge } from './AccountStatusBadge';
import { formatPhone } from './format-phone';

export function AccountItem({ account }: { readonly account: Account }) {
  const name = personName(account.firstName, account.lastName, account.username ? `@${account.username}` : 'Unnamed account');
  return (
    <li className="list-item" aria-label={name}>
      <Avatar id={account.id} name={name} />
      <div className="list-item__body">
        <span className="list-item__title">{name}</span>
        <span className="list-item__meta">
          {account.username && name !== `@${account.username}` && <span>@{account.username}</span>}
          {account.phone && <span>{formatPhone(account.phone)}</span>}
        </span>
      </div>
      <AccountStatusBadge status={account.status} />
    </li>
  );
}
