/**
 * Drives a login against Telegram one request at a time (the UI sends
 * login.submitPhone / submitCode / submitPassword), rather than GramJS's
 * callback-style client.start(), so every step can be shown, corrected and
 * cancelled. The transitions live in machine.ts; this file does the I/O.
 *
 * PHONE_MIGRATE_X needs nothing here: GramJS's invoke() answers it while the
 * client is not authorized by switching its home DC (a new auth key on the right
 * DC) and repeating auth.sendCode, so the session ends up on the account's DC.
 */
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password.js';
import type { Logger } from '../../log.js';
import type { AccountClient } from '../account-client.js';
import { classifyError } from '../errors.js';
import { describeLoginError, loginProblem, type LoginProblem } from './messages.js';
import {
  IDLE,
  normalizeCode,
  normalizePhone,
  reduceLogin,
  REQUIRED_STEP,
  type CodeDelivery,
  type LoginAccount,
  type LoginEvent,
  type LoginMethod,
  type LoginState,
} from './machine.js';

export interface LoginServiceDeps {
  /** A new client with an empty session on the profile's default DC (throws if API credentials are missing). */
  readonly newClient: (hooks: { onUpdate(update: unknown): void }) => AccountClient;
  /** Hands the logged-in client over to the gateway; returns the stored account. */
  readonly adopt: (client: AccountClient, user: Api.User, enteredPhone: string | null) => Promise<LoginAccount>;
  readonly credentials: () => { apiId: number; apiHash: string };
  readonly emit: (state: LoginState) => void;
  readonly now: () => number;
  readonly log: Logger;
  /** Refresh the QR token this long before it expires (ms). Default 5000. */
  readonly qrRefreshLeadMs?: number;
}

/** One login attempt's private data; replaced (and its client destroyed) on start/cancel. */
interface Attempt {
  readonly method: LoginMethod;
  client: AccountClient | null;
  phone: string | null;
  phoneCodeHash: string | null;
  qrTimer: ReturnType<typeof setTimeout> | null;
  qrBusy: boolean;
  adopted: boolean;
}

export class LoginService {
  readonly #d: LoginServiceDeps;
  #state: LoginState = IDLE;
  #attempt: Attempt | null = null;

  constructor(deps: LoginServiceDeps) {
    this.#d = deps;
  }

  state(): LoginState {
    return this.#state;
  }

  async start(method: LoginMethod): Promise<LoginState> {
    await this.#endAttempt();
    const attempt: Attempt = { method, client: null, phone: null, phoneCodeHash: null, qrTimer: null, qrBusy: false, adopted: false };
    this.#attempt = attempt;
    this.#apply({ type: 'start', method });
    try {
      this.#d.credentials(); // before any network: without API credentials there is nothing to log in with
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const problem = loginProblem(typeof code === 'string' ? code : 'API_CREDENTIALS_MISSING', (error as Error).message);
      return this.#apply({ type: 'problem', problem });
    }
    if (method === 'qr') await this.#qrExport(attempt);
    return this.#state;
  }

  async submitPhone(input: string): Promise<LoginState> {
    const attempt = this.#expect('submitPhone');
    if (!attempt) return this.#state;
    const phone = normalizePhone(input);
    if (!phone) return this.#apply({ type: 'problem', problem: loginProblem('PHONE_NUMBER_INVALID') });
    attempt.phone = phone;
    try {
      const client = await this.#client(attempt);
      const { apiId, apiHash } = this.#d.credentials();
      const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId, apiHash, settings: new Api.CodeSettings({}) }));
      if (!this.#current(attempt)) return this.#state;
      if (sent instanceof Api.auth.SentCodeSuccess) return this.#authorized(attempt, sent.authorization);
      attempt.phoneCodeHash = sent.phoneCodeHash;
      const { codeLength, delivery } = describeSentCode(sent.type);
      return this.#apply({ type: 'codeSent', phone, codeLength, delivery });
    } catch (error) {
      return this.#problem(attempt, error);
    }
  }

  async submitCode(input: string): Promise<LoginState> {
    const attempt = this.#expect('submitCode');
    if (!attempt) return this.#state;
    const code = normalizeCode(input);
    if (!code) return this.#apply({ type: 'problem', problem: loginProblem('PHONE_CODE_INVALID', 'Enter the digits of the code Telegram sent you.') });
    try {
      const client = await this.#client(attempt);
      const result = await client.invoke(
        new Api.auth.SignIn({ phoneNumber: attempt.phone!, phoneCodeHash: attempt.phoneCodeHash!, phoneCode: code }),
      );
      if (!this.#current(attempt)) return this.#state;
      if (result instanceof Api.auth.AuthorizationSignUpRequired) {
        return this.#apply({ type: 'problem', problem: loginProblem('PHONE_NUMBER_UNOCCUPIED') });
      }
      return this.#authorized(attempt, result);
    } catch (error) {
      return this.#problem(attempt, error);
    }
  }

  async submitPassword(password: string): Promise<LoginState> {
    const attempt = this.#expect('submitPassword');
    if (!attempt) return this.#state;
    if (password.length === 0) return this.#apply({ type: 'problem', problem: loginProblem('PASSWORD_EMPTY') });
    try {
      const client = await this.#client(attempt);
      // A fresh SRP challenge each time: srp_id is single use.
      const params = await client.invoke(new Api.account.GetPassword());
      const check = await computeCheck(params, password);
      const result = await client.invoke(new Api.auth.CheckPassword({ password: check }));
      if (!this.#current(attempt)) return this.#state;
      return this.#authorized(attempt, result);
    } catch (error) {
      return this.#problem(attempt, error);
    }
  }

  async cancel(): Promise<LoginState> {
    await this.#endAttempt();
    return this.#apply({ type: 'cancel' });
  }

  /** Ends any attempt in progress (host shutdown). */
  async close(): Promise<void> {
    await this.#endAttempt();
    this.#state = IDLE;
  }

  // --- QR -------------------------------------------------------------------------------

  /**
   * auth.exportLoginToken: a token to show (and refresh before it expires), or,
   * after the person scanned it and Telegram pushed updateLoginToken, the
   * authorization (possibly after moving to the account's DC).
   */
  async #qrExport(attempt: Attempt): Promise<void> {
    if (attempt.qrBusy || !this.#current(attempt)) return;
    attempt.qrBusy = true;
    this.#clearQrTimer(attempt);
    try {
      const client = await this.#client(attempt);
      const { apiId, apiHash } = this.#d.credentials();
      let result = await client.invoke(new Api.auth.ExportLoginToken({ apiId, apiHash, exceptIds: [] }));
      if (!this.#current(attempt)) return;
      if (result instanceof Api.auth.LoginTokenMigrateTo) {
        await client.client._switchDC(result.dcId);
        result = await client.invoke(new Api.auth.ImportLoginToken({ token: result.token }));
        if (!this.#current(attempt)) return;
      }
      if (result instanceof Api.auth.LoginTokenSuccess) {
        await this.#authorized(attempt, result.authorization);
        return;
      }
      if (result instanceof Api.auth.LoginToken) {
        const url = `tg://login?token=${Buffer.from(result.token).toString('base64url')}`;
        const expiresAt = result.expires * 1000;
        this.#apply({ type: 'qrToken', url, expiresAt });
        const lead = this.#d.qrRefreshLeadMs ?? 5000;
        const delay = Math.max(1000, Math.min(expiresAt - this.#d.now() - lead, 60_000));
        attempt.qrTimer = setTimeout(() => void this.#qrExport(attempt), delay);
        attempt.qrTimer.unref?.();
      }
    } catch (error) {
      await this.#problem(attempt, error);
      // Keep offering a code after a passing failure (network); stop when the step changed.
      if (this.#current(attempt) && this.#state.step === 'qr' && !attempt.qrTimer) {
        attempt.qrTimer = setTimeout(() => void this.#qrExport(attempt), 5000);
        attempt.qrTimer.unref?.();
      }
    } finally {
      attempt.qrBusy = false;
    }
  }

  #onUpdate(attempt: Attempt, update: unknown): void {
    if (update instanceof Api.UpdateLoginToken && this.#current(attempt) && this.#state.step === 'qr') void this.#qrExport(attempt);
  }

  #clearQrTimer(attempt: Attempt): void {
    if (attempt.qrTimer) clearTimeout(attempt.qrTimer);
    attempt.qrTimer = null;
  }

  // --- shared ---------------------------------------------------------------------------

  async #authorized(attempt: Attempt, authorization: Api.auth.TypeAuthorization): Promise<LoginState> {
    if (!(authorization instanceof Api.auth.Authorization) || !(authorization.user instanceof Api.User)) {
      return this.#apply({ type: 'problem', problem: loginProblem('PHONE_NUMBER_UNOCCUPIED') });
    }
    this.#clearQrTimer(attempt);
    const client = attempt.client!;
    attempt.adopted = true; // from here the gateway owns the client
    let account: LoginAccount;
    try {
      account = await this.#d.adopt(client, authorization.user, attempt.phone);
    } catch (error) {
      attempt.adopted = false;
      this.#d.log.error('login succeeded but the session could not be stored', error);
      await this.#logOut(client);
      const reason = error instanceof Error ? error.message : String(error);
      return this.#apply({
        type: 'problem',
        problem: loginProblem('SESSION_NOT_SAVED', `Logged in, but the session could not be stored securely: ${reason}`),
      });
    }
    if (this.#attempt === attempt) this.#attempt = null;
    return this.#apply({ type: 'authorized', account });
  }

  /** An authorization nobody can use again (its session was not stored) must not stay live on the account. */
  async #logOut(client: AccountClient): Promise<void> {
    try {
      await client.invoke(new Api.auth.LogOut());
    } catch (error) {
      this.#d.log.warn('could not log out the session that was not stored; it shows in Telegram > Devices', error);
    }
  }

  async #problem(attempt: Attempt, error: unknown): Promise<LoginState> {
    if (!this.#current(attempt)) return this.#state;
    const c = classifyError(error);
    if (c.kind === 'rpc' && c.errorMessage === 'SESSION_PASSWORD_NEEDED') return this.#passwordNeeded(attempt);
    const problem: LoginProblem = describeLoginError(error, this.#d.now());
    if (problem.code === 'LOGIN_FAILED') this.#d.log.error('login failed', error);
    return this.#apply({ type: 'problem', problem });
  }

  async #passwordNeeded(attempt: Attempt): Promise<LoginState> {
    this.#clearQrTimer(attempt);
    let hint: string | null = null;
    try {
      const params = await (await this.#client(attempt)).invoke(new Api.account.GetPassword());
      hint = params.hint ?? null;
    } catch (error) {
      this.#d.log.info('account.getPassword failed; asking for the password without a hint', error);
    }
    if (!this.#current(attempt)) return this.#state;
    return this.#apply({ type: 'passwordNeeded', hint });
  }

  async #client(attempt: Attempt): Promise<AccountClient> {
    attempt.client ??= this.#d.newClient({ onUpdate: (update) => this.#onUpdate(attempt, update) });
    await attempt.client.connect();
    return attempt.client;
  }

  /**
   * The attempt, if the login is at the step `action` belongs to. Otherwise null
   * and the request answers with the current state unchanged: a double submit or
   * a stale window then simply re-renders what is true now.
   */
  #expect(action: keyof typeof REQUIRED_STEP): Attempt | null {
    return this.#attempt && this.#state.step === REQUIRED_STEP[action] ? this.#attempt : null;
  }

  #current(attempt: Attempt): boolean {
    return this.#attempt === attempt;
  }

  async #endAttempt(): Promise<void> {
    const attempt = this.#attempt;
    this.#attempt = null;
    if (!attempt) return;
    this.#clearQrTimer(attempt);
    if (attempt.client && !attempt.adopted) await attempt.client.destroy();
  }

  #apply(event: LoginEvent): LoginState {
    const next = reduceLogin(this.#state, event);
    if (next !== this.#state) {
      this.#state = next;
      this.#d.emit(next);
    }
    return next;
  }
}

function describeSentCode(type: Api.auth.TypeSentCodeType): { codeLength: number | null; delivery: CodeDelivery } {
  const length = 'length' in type && typeof type.length === 'number' ? type.length : null;
  if (type instanceof Api.auth.SentCodeTypeApp) return { codeLength: length, delivery: 'app' };
  if (type instanceof Api.auth.SentCodeTypeSms) return { codeLength: length, delivery: 'sms' };
  if (type instanceof Api.auth.SentCodeTypeCall) return { codeLength: length, delivery: 'call' };
  if (type instanceof Api.auth.SentCodeTypeEmailCode) return { codeLength: length, delivery: 'email' };
  return { codeLength: length, delivery: 'other' };
}
