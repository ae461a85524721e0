import path from 'node:path';
import { app } from 'electron';

/** Where things live on this computer. The archive folder is a setting; this is its default. */
export function appPaths(): { userData: string; logs: string; defaultArchive: string } {
  const userData = app.getPath('userData');
  return {
    userData,
    logs: path.join(userData, 'logs'),
    defaultArchive: path.join(app.getPath('pictures'), 'Telegram Photo Archive'),
  };
}
