import type { Account } from '../../../../preload/contract';
import { useRequest, type RequestHandle } from '../../api/use-request';

const NO_INPUT = {};
const SCOPES = ['accounts'] as const;

/** The archive's Telegram accounts, kept fresh by `archive.changed {scope: 'accounts'}`. */
export function useAccounts(): RequestHandle<Account[]> {
  return useRequest('accounts.list', NO_INPUT, SCOPES);
}
