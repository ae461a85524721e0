/** Contract requests from the CLI: the same dispatcher the app uses, failures mapped to exit codes. */
import type { RequestInput, RequestName, RequestOutput } from '../../preload/contract.js';
import type { Host } from '../host.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';

export function exitCodeFor(code: string): ExitCode {
  if (['NOT_LOGGED_IN', 'SESSION_REVOKED', 'UNKNOWN_ACCOUNT', 'SESSION_MISSING'].includes(code)) return EXIT.NEEDS_LOGIN;
  if (code === 'SYNC_BUSY') return EXIT.BUSY;
  if (code === 'INVALID_INPUT' || code === 'INVALID_QUERY' || code.startsWith('API_CREDENTIALS')) return EXIT.USAGE;
  if (code.startsWith('ARCHIVE_')) return EXIT.ARCHIVE_UNUSABLE;
  if (code === 'INTERNAL' || code === 'NETWORK' || code === 'UNKNOWN_REQUEST') return EXIT.FAILURE;
  return EXIT.REFUSED;
}

export async function request<N extends RequestName>(host: Host, name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
  const result = await host.dispatch(name, input);
  if (!result.ok) throw new CliError(exitCodeFor(result.error.code), result.error.message, result.error.code);
  return result.value as RequestOutput<N>;
}
