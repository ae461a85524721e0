import type { Handlers } from '../../../../preload/contract.js';
import type { TelegramGateway } from '../../telegram/gateway.js';
import { userFacing } from './telegram-errors.js';

export function telegramAccountHandlers(gateway: TelegramGateway): Pick<Handlers, 'accounts.logout' | 'accounts.connections'> {
  return {
    'accounts.logout': ({ accountId }) =>
      userFacing(async () => {
        await gateway.logout(accountId);
        return {};
      }),
    'accounts.connections': async () => gateway.connections(),
  };
}
