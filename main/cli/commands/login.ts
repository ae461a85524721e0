/**
 * `login`: the same wizard as the app (login.* requests), driven by flags, the
 * environment (TG_LOGIN_CODE, TG_LOGIN_PASSWORD), standard input (`--code -`)
 * or questions on a terminal. A value given up front is used once; if
 * Telegram rejects it, the command fails instead of asking again.
 */
import type { LoginState } from '../../../preload/contract/accounts.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { ask } from '../prompt.js';
import { request } from '../requests.js';
import { valueOrStdin } from '../stdin-lines.js';

export async function loginCommand(ctx: CliContext, out: Output, flags: { phone?: string; code?: string; password?: string }): Promise<number> {
  const { host } = ctx;
  if (!host.telegram.credentials.get()) {
    throw new CliError(EXIT.USAGE, 'Give your Telegram API credentials first: --api-id N --api-hash H (from my.telegram.org).', 'API_CREDENTIALS_MISSING');
  }
  const unused = { ...flags };
  const take = async (key: 'phone' | 'code' | 'password', state: { error: { code: string; message: string } | null }, question: string, hidden = false): Promise<string> => {
    if (state.error && unused[key] === undefined && flags[key] !== undefined) {
      throw new CliError(EXIT.REFUSED, state.error.message, state.error.code);
    }
    if (state.error) out.info(state.error.message);
    const value = unused[key];
    if (value !== undefined) {
      delete unused[key];
      return valueOrStdin(value, `--${key}`);
    }
    return ask(question, { hidden, flag: `--${key}` });
  };

  let state: LoginState = await request(host, 'login.start', { method: 'phone' });
  for (;;) {
    switch (state.step) {
      case 'phone':
        state = await request(host, 'login.submitPhone', { phone: await take('phone', state, 'Phone number (international, e.g. +15550001000): ') });
        break;
      case 'code':
        state = await request(host, 'login.submitCode', { code: await take('code', state, `Login code (sent to your Telegram ${state.delivery}): `) });
        break;
      case 'password':
        state = await request(host, 'login.submitPassword', {
          password: await take('password', state, passwordQuestion(state.hint), true),
        });
        break;
      default:
        return loginEnded(ctx, out, state);
    }
  }
}

export const passwordQuestion = (hint: string | null | undefined): string => `Two-step verification password${hint ? ` (hint: ${hint})` : ''}: `;

/** A login that needs nothing more from the person: done (where it is kept, who is logged in), refused, or in a step this CLI does not know. */
export function loginEnded(ctx: CliContext, out: Output, state: LoginState): number {
  if (state.step === 'done') return loggedIn(ctx, out, state.account);
  if (state.step === 'error') throw new CliError(EXIT.REFUSED, state.error.message, state.error.code);
  throw new CliError(EXIT.FAILURE, `Unexpected login step ${state.step}.`);
}

/** A login finished: where it is kept, and who is logged in. */
function loggedIn(ctx: CliContext, out: Output, a: Extract<LoginState, { step: 'done' }>['account']): number {
  out.info(`Your Telegram login is kept in ${ctx.secretsFile}: NOT encrypted, readable only by your user. Delete it (or run logout) to forget it.`);
  out.result({ account: a }, `Logged in as ${[a.firstName, a.lastName].filter(Boolean).join(' ')}${a.username ? ` (@${a.username})` : ''}, id ${a.id}.`);
  return EXIT.OK;
}

export async function logoutCommand(ctx: CliContext, out: Output, account: number | undefined): Promise<number> {
  const accounts = ctx.host.repos.accounts.list();
  const id = account ?? accounts.find((a) => a.status === 'active')?.id;
  if (id === undefined) throw new CliError(EXIT.NEEDS_LOGIN, 'No account is logged in.', 'NOT_LOGGED_IN');
  await request(ctx.host, 'accounts.logout', { accountId: id });
  // Logging out one account never stops the others: its people move to another logged-in account that sees them.
  const { targets } = ctx.host.repos;
  const active = (accountId: number): boolean => ctx.host.repos.accounts.get(accountId)?.status === 'active';
  const left = targets.all().filter((t) => t.accountId === id);
  const moved = left.filter((t) => targets.moveToUsable(t.userId, active) !== null).length;
  out.result({ accountId: id, movedTargets: moved, unseenTargets: left.length - moved }, [
    `Logged out account ${id}.`,
    ...(moved ? [`${moved} people it archived are archived through another logged-in account now.`] : []),
    ...(left.length - moved ? [`${left.length - moved} people no other logged-in account sees: add them with targets add --account <id>.`] : []),
  ]);
  return EXIT.OK;
}
