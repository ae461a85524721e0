import { FloodWaitError, SessionRevokedError, TelegramRpcError } from '../../telegram/caller.js';
import { TelegramUnreachableError } from '../../telegram/account-client.js';
import { CredentialsError } from '../../telegram/credentials.js';
import { UnknownAccountError } from '../../telegram/gateway.js';
import { formatWait } from '../../telegram/login/messages.js';
import { UserFacingError } from '../app-error.js';

/** Runs a handler body, turning the gateway's known errors into {code, message} for the UI. */
export async function userFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toUserFacing(error);
  }
}

export function toUserFacing(error: unknown): unknown {
  if (error instanceof UserFacingError) return error;
  if (error instanceof CredentialsError || error instanceof UnknownAccountError) {
    return new UserFacingError(error.code, error.message);
  }
  if (error instanceof SessionRevokedError || error instanceof TelegramUnreachableError) return new UserFacingError(error.code, error.message);
  if (error instanceof FloodWaitError) {
    return new UserFacingError('FLOOD_WAIT', `Telegram asked to wait. Try again in ${formatWait(error.seconds)}.`);
  }
  if (error instanceof TelegramRpcError) return new UserFacingError('TELEGRAM_ERROR', `Telegram refused the request (${error.errorMessage}).`);
  return error;
}
