import type { Handlers } from '../../../../preload/contract.js';

export function appHandlers(info: { version: string; platform: string; archiveDir: string }): Pick<Handlers, 'app.info'> {
  return { 'app.info': async () => info };
}
