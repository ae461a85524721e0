/**
 * Set at build time (DEVELOPER_BUILD=1 npm run build, see electron.vite.config.ts):
 * a packaged build made so honours --server-profile, TG_SERVER_PROFILE and
 * --user-data-dir. A release build cannot be switched at run time.
 */
declare const __DEVELOPER_BUILD__: boolean | undefined;

export const DEVELOPER_BUILD: boolean = typeof __DEVELOPER_BUILD__ === 'boolean' && __DEVELOPER_BUILD__;
