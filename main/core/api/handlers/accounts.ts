import type { Handlers } from '../../../../preload/contract.js';
import type { AccountsRepo } from '../../archive/accounts-repo.js';

export function accountHandlers(accounts: AccountsRepo): Pick<Handlers, 'accounts.list'> {
  return {
    'accounts.list': async () => accounts.list().map(({ updatedAt: _updated, ...account }) => account),
  };
}
