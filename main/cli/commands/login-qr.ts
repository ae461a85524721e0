/**
 * `login --qr`: the app's QR login (login.start({method:'qr'})) in a terminal.
 * The code is drawn on stderr (stdout keeps the result, JSON with --json) and
 * drawn again whenever Telegram's token is refreshed; scanning it in Telegram
 * (Settings → Devices → Link Desktop Device) logs in, asking for the two-step
 * password when the account has one.
 */
import QRCode from 'qrcode';
import type { LoginState } from '../../../preload/contract/accounts.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { ask } from '../prompt.js';
import { request } from '../requests.js';
import { loginEnded, passwordQuestion } from './login.js';
import { valueOrStdin } from '../stdin-lines.js';

/** The QR code of a tg://login URL as terminal text (half-height blocks, so it fits an 80×24 terminal). */
export function terminalQr(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

export async function loginQrCommand(ctx: CliContext, out: Output, flags: { password?: string }): Promise<number> {
  const { host } = ctx;
  if (!host.telegram.credentials.get()) {
    throw new CliError(EXIT.USAGE, 'Give your Telegram API credentials first: --api-id N --api-hash H (from my.telegram.org).', 'API_CREDENTIALS_MISSING');
  }
  let shownUrl: string | null = null;
  const show = async (state: LoginState): Promise<void> => {
    if (state.step !== 'qr' || !state.url || state.url === shownUrl) return;
    shownUrl = state.url;
    out.info(`${await terminalQr(state.url)}\nScan this in Telegram on your phone: Settings → Devices → Link Desktop Device.\n(${state.url})`);
  };
  // Telegram refreshes the token about every 30 s: each new one arrives as an event.
  let settle!: (state: LoginState) => void;
  let next = new Promise<LoginState>((resolve) => (settle = resolve));
  const unsubscribe = host.events.subscribe((name, payload) => {
    if (name !== 'login.state') return;
    const state = payload as LoginState;
    if (state.step === 'qr') void show(state);
    else settle(state);
  });
  let passwordUsed = false;
  try {
    let state: LoginState = await request(host, 'login.start', { method: 'qr' });
    for (;;) {
      switch (state.step) {
        case 'qr':
          await show(state);
          state = await next;
          next = new Promise<LoginState>((resolve) => (settle = resolve));
          break;
        case 'password': {
          if (state.error && passwordUsed) throw new CliError(EXIT.REFUSED, state.error.message, state.error.code);
          if (state.error) out.info(state.error.message);
          const given: boolean = flags.password !== undefined && !passwordUsed;
          passwordUsed ||= given;
          const password = given ? await valueOrStdin(flags.password!, '--password') : await ask(passwordQuestion(state.hint), { hidden: true, flag: '--password' });
          state = await request(host, 'login.submitPassword', { password });
          break;
        }
        default:
          return loginEnded(ctx, out, state);
      }
    }
  } finally {
    unsubscribe();
  }
}
