// Types for install-browser.mjs (plain JavaScript so `npm install` runs it on any Node).
import type { BrowserCandidates, BrowserFound } from './browser.mjs';

export declare const SKIP_ENV: 'TG_SKIP_BROWSER_INSTALL';
export interface InstallInputs extends BrowserCandidates {
  platform: string;
  uid: number | null;
  osRelease: string | null;
  sudoWorks: boolean;
  node: string;
  playwrightCli: string | null;
}
export type InstallPlan =
  | { action: 'skip'; reason: string }
  | { action: 'found'; browser: BrowserFound }
  | { action: 'fail'; message: string }
  | { action: 'apt' | 'playwright'; commands: string[][] };
export declare function planInstall(inputs: InstallInputs): InstallPlan;
export declare function isDebianLike(osRelease: string | null): boolean;
export declare function playwrightCliPath(): string | null;
export declare function gatherInputs(): InstallInputs;
