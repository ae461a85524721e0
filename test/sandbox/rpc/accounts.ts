/** The AccountDirectory the protocol server logs people in with. */
import type { Api } from 'telegram';
import type { AccountDirectory, LoginAccount } from '../server/api.js';
import type { AccountState, World } from '../world/world.js';
import { apiUser } from './tl.js';

export function createAccountDirectory(world: World): AccountDirectory {
  return {
    findByPhone(phone: string): LoginAccount | undefined {
      const digits = phone.replace(/\D/g, '');
      return toLogin(world.accounts().find((a) => a.phone.replace(/\D/g, '') === digits));
    },
    findByUserId(userId: number): LoginAccount | undefined {
      return toLogin(world.account(userId));
    },
    selfUser(userId: number): Api.User {
      return apiUser(world, world.requireUser(userId), userId);
    },
  };
}

function toLogin(account: AccountState | undefined): LoginAccount | undefined {
  if (!account) return undefined;
  return {
    userId: account.userId,
    phone: account.phone,
    dc: account.dc,
    loginCode: account.loginCode,
    ...(account.password !== undefined ? { password: account.password } : {}),
  };
}
