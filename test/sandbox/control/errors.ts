/** Telegram's error codes for the error messages tests inject. */
import { RpcError } from '../server/api.js';

/**
 * The code Telegram sends a message with: 420 for flood waits, 303 for migrations, 401
 * for authorization, -503 for TIMEOUT (GramJS matches TIMEOUT by message and retries a
 * getFile once), 500 for internal failures, 400 for the rest.
 */
export function telegramErrorCode(message: string): number {
  if (/^(FLOOD_WAIT|FLOOD_PREMIUM_WAIT|FLOOD_TEST_PHONE_WAIT|SLOWMODE_WAIT)_\d+$/.test(message)) return 420;
  if (/^(FILE|PHONE|USER|NETWORK|STATS)_MIGRATE_\d+$/.test(message)) return 303;
  if (/^(AUTH_KEY_UNREGISTERED|AUTH_KEY_INVALID|USER_DEACTIVATED|USER_DEACTIVATED_BAN|SESSION_REVOKED|SESSION_EXPIRED|SESSION_PASSWORD_NEEDED|AUTH_KEY_PERM_EMPTY)$/.test(message)) return 401;
  if (message === 'TIMEOUT') return -503;
  if (/^(RPC_CALL_FAIL|RPC_MCGET_FAIL|INTERNAL|.*_INTERNAL|.*_FAIL)$/.test(message)) return 500;
  if (/^(CHAT_WRITE_FORBIDDEN|USER_PRIVACY_RESTRICTED|.*_FORBIDDEN)$/.test(message)) return 403;
  return 400;
}

/** An error to inject: a Telegram error message (code inferred), or an explicit code and message. */
export type InjectedError = string | { readonly code: number; readonly message: string };

export function toRpcError(error: InjectedError): RpcError {
  if (typeof error === 'string') return new RpcError(telegramErrorCode(error), error);
  return new RpcError(error.code, error.message);
}

/** Method names compare case-insensitively: 'upload.GetFile' (GramJS) = 'upload.getFile' (TL). */
export function methodKey(method: string): string {
  return method.toLowerCase();
}
