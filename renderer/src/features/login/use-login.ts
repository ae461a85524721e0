import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, EventPayload, RequestInput } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';

export type LoginState = EventPayload<'login.state'>;
export type LoginStep = LoginState['step'];
export type LoginProblem = NonNullable<Extract<LoginState, { step: 'phone' }>['error']>;

type Action = 'start' | 'submitPhone' | 'submitCode' | 'submitPassword';

export interface LoginHandle {
  /** null until main said where the login stands. */
  readonly state: LoginState | null;
  /** The request in flight, if any: the form shows it and ignores more submits. */
  readonly pending: Action | 'cancel' | null;
  /** A request that failed outright (main unreachable, say): not a login problem but worth showing. */
  readonly failure: AppError | null;
  /** Counts state changes, so an identical error arriving again is announced again. */
  readonly version: number;
  start(method: RequestInput<'login.start'>['method']): void;
  submitPhone(phone: string): void;
  submitCode(code: string): void;
  submitPassword(password: string): void;
  cancel(): Promise<void>;
}

/**
 * The login wizard's state as main reports it. Renders from the `login.state`
 * event (QR tokens refresh on their own); each request's answer is the same
 * state, applied too in case the event is late. Submits are ignored while one
 * is in flight; cancel always goes through.
 */
export function useLogin(): LoginHandle {
  const api = useApi();
  const [state, setState] = useState<LoginState | null>(null);
  const [version, setVersion] = useState(0);
  const [pending, setPending] = useState<Action | 'cancel' | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const busy = useRef(false);

  const apply = useCallback((next: LoginState) => {
    setState(next);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => api.on('login.state', apply), [api, apply]);

  useEffect(() => {
    let live = true;
    void api.settle('login.current', {}).then((outcome) => {
      if (!live) return;
      if (!outcome.ok) {
        setFailure(outcome.error);
        setState((s) => s ?? { step: 'idle' });
        return;
      }
      // A finished login from earlier is history: offer a new one.
      const current = outcome.value.step === 'done' ? ({ step: 'idle' } as const) : outcome.value;
      setState((s) => s ?? current);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const run = useCallback(
    async <N extends 'login.start' | 'login.submitPhone' | 'login.submitCode' | 'login.submitPassword'>(
      action: Action,
      name: N,
      input: RequestInput<N>,
    ) => {
      if (busy.current) return; // double submit: the first one answers
      busy.current = true;
      setPending(action);
      setFailure(null);
      const outcome = await api.settle(name, input);
      busy.current = false;
      setPending((p) => (p === action ? null : p));
      if (outcome.ok) apply(outcome.value);
      else setFailure(outcome.error);
    },
    [api, apply],
  );

  const cancel = useCallback(async () => {
    setPending('cancel');
    const outcome = await api.settle('login.cancel', {});
    busy.current = false;
    setPending(null);
    if (outcome.ok) apply(outcome.value);
    else setFailure(outcome.error);
  }, [api, apply]);

  return {
    state,
    pending,
    failure,
    version,
    start: (method) => void run('start', 'login.start', { method }),
    submitPhone: (phone) => void run('submitPhone', 'login.submitPhone', { phone }),
    submitCode: (code) => void run('submitCode', 'login.submitCode', { code }),
    submitPassword: (password) => void run('submitPassword', 'login.submitPassword', { password }),
    cancel,
  };
}
