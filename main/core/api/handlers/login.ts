import type { Handlers } from '../../../../preload/contract.js';
import type { LoginService } from '../../telegram/login/login-service.js';
import { userFacing } from './telegram-errors.js';

type LoginRequests = 'login.start' | 'login.submitPhone' | 'login.submitCode' | 'login.submitPassword' | 'login.cancel' | 'login.current';

export function loginHandlers(login: LoginService): Pick<Handlers, LoginRequests> {
  return {
    'login.start': ({ method }) => userFacing(() => login.start(method)),
    'login.submitPhone': ({ phone }) => userFacing(() => login.submitPhone(phone)),
    'login.submitCode': ({ code }) => userFacing(() => login.submitCode(code)),
    'login.submitPassword': ({ password }) => userFacing(() => login.submitPassword(password)),
    'login.cancel': () => userFacing(() => login.cancel()),
    'login.current': async () => login.state(),
  };
}
