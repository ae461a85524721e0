import { useState } from 'react';
import type { Account, RequestOutput } from '../../../../preload/contract';
import { useRequest } from '../../api/use-request';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { formatPhone } from '../accounts/format-phone';
import { CredentialsForm } from '../credentials/CredentialsForm';
import { CodeStep } from './steps/CodeStep';
import { DoneStep } from './steps/DoneStep';
import { ErrorStep } from './steps/ErrorStep';
import { MethodStep } from './steps/MethodStep';
import { PasswordStep } from './steps/PasswordStep';
import { PhoneStep } from './steps/PhoneStep';
import { QrStep } from './steps/QrStep';
import { Stepper } from './Stepper';
import { useLogin, type LoginState } from './use-login';
import './login.css';

interface Props {
  /** An account whose session ended, when logging it in again. */
  readonly relogin: Account | null;
  /** Leave after a successful login. */
  readonly onFinish: () => void;
  /** Leave without logging in. */
  readonly onBack: () => void;
}

type ApiCredentialsInfo = RequestOutput<'credentials.get'>;

const NO_INPUT = {};
const NO_SCOPES = [] as const;

const PROGRESS: Record<LoginState['step'], number> = { idle: 1, phone: 1, qr: 1, error: 1, code: 2, password: 2, done: 3 };

/**
 * "Connect a Telegram account": API keys on first run, then the login wizard
 * (QR code, or phone → code → 2FA password), rendered from main's login state.
 */
export function LoginPage({ relogin, onFinish, onBack }: Props) {
  const credentials = useRequest('credentials.get', NO_INPUT, NO_SCOPES);
  const [savedCredentials, setSavedCredentials] = useState<ApiCredentialsInfo | null>(null);
  const [editingCredentials, setEditingCredentials] = useState(false);
  const [lastPhone, setLastPhone] = useState<string | null>(null);
  const login = useLogin();
  const { state } = login;

  const info = savedCredentials ?? (credentials.state.status === 'ready' ? credentials.state.data : null);
  const missingCredentials = state?.step === 'error' && state.error.code === 'API_CREDENTIALS_MISSING';
  const askCredentials = info !== null && (!info.configured || editingCredentials || missingCredentials);

  const cancel = () => void login.cancel();
  const leave = () => {
    if (state && state.step !== 'idle' && state.step !== 'done') void login.cancel();
    onBack();
  };

  function renderStep(s: LoginState) {
    const key = login.version;
    switch (s.step) {
      case 'idle':
        return (
          <MethodStep
            credentials={info!}
            relogin={relogin}
            pending={login.pending === 'start'}
            onChoose={login.start}
            onChangeCredentials={() => setEditingCredentials(true)}
            onBack={onBack}
          />
        );
      case 'phone':
        return (
          <PhoneStep
            key="phone"
            initialPhone={s.phone ? formatPhone(s.phone) : (lastPhone ?? (relogin?.phone ? formatPhone(relogin.phone) : ''))}
            error={s.error}
            errorKey={key}
            pending={login.pending === 'submitPhone'}
            onSubmit={(phone) => {
              setLastPhone(phone);
              login.submitPhone(phone);
            }}
            onCancel={cancel}
          />
        );
      case 'code':
        return (
          <CodeStep
            key="code"
            state={s}
            errorKey={key}
            pending={login.pending === 'submitCode'}
            onSubmit={login.submitCode}
            onChangeNumber={() => login.start('phone')}
            onCancel={cancel}
          />
        );
      case 'password':
        return <PasswordStep key="password" state={s} errorKey={key} pending={login.pending === 'submitPassword'} onSubmit={login.submitPassword} onCancel={cancel} />;
      case 'qr':
        return <QrStep key="qr" state={s} errorKey={key} onUsePhone={() => login.start('phone')} onCancel={cancel} />;
      case 'done':
        return <DoneStep key="done" account={s.account} onFinish={onFinish} onAnother={cancel} />;
      case 'error':
        return <ErrorStep key="error" error={s.error} onRestart={cancel} onBack={leave} />;
    }
  }

  let content;
  if (credentials.state.status === 'error' && !savedCredentials) {
    content = <ErrorState title="Couldn't read the Telegram API keys." error={credentials.state.error} onRetry={credentials.reload} />;
  } else if (!info || !state) {
    content = (
      <div className="wizard-card wizard-card--loading" role="status">
        <span className="spinner" aria-hidden="true" />
        <span>Loading…</span>
      </div>
    );
  } else if (askCredentials) {
    content = (
      <CredentialsForm
        current={info.configured ? info : null}
        cancelLabel={editingCredentials ? 'Back' : 'Back to the archive'}
        onCancel={editingCredentials ? () => setEditingCredentials(false) : onBack}
        onSaved={(saved) => {
          setSavedCredentials(saved);
          setEditingCredentials(false);
          if (missingCredentials) void login.cancel();
        }}
      />
    );
  } else {
    content = renderStep(state);
  }

  const progress = askCredentials ? 0 : state ? PROGRESS[state.step] : 1;
  return (
    <>
      <PageHeader
        title={relogin ? 'Log in again' : 'Connect a Telegram account'}
        subtitle="The archive signs in to Telegram as you, to see the profile photos you can see."
      />
      <div className="login-layout">
        <Stepper current={progress} />
        {login.failure && (
          <div className="wizard-card__alert login-layout__failure" role="alert">
            <p className="wizard-card__alert-title">That did not go through.</p>
            <p>{login.failure.message}</p>
          </div>
        )}
        {content}
      </div>
    </>
  );
}
