import type { Handlers } from '../../../../preload/contract.js';
import type { CredentialsStore } from '../../telegram/credentials.js';
import { userFacing } from './telegram-errors.js';

export function credentialsHandlers(credentials: CredentialsStore): Pick<Handlers, 'credentials.get' | 'credentials.set'> {
  return {
    'credentials.get': async () => credentials.info(),
    'credentials.set': (input) => userFacing(async () => credentials.set(input)),
  };
}
