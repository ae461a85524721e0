// Types for browser.mjs (plain JavaScript so the install step runs without TypeScript).
export declare const BROWSER_ENV: 'TG_CHROMIUM';
export declare const DEBIAN_CHROMIUM: '/usr/bin/chromium';
export declare const NO_BROWSER: string;
export type BrowserFound = { found: true; path: string; source: 'env' | 'debian' | 'playwright' };
export type BrowserMissing = { found: false; problem: string };
export interface BrowserCandidates {
  env: Record<string, string | undefined>;
  exists: (path: string) => boolean;
  playwrightPath: string | null;
}
export declare function pickBrowser(candidates: BrowserCandidates): BrowserFound | BrowserMissing;
export declare function playwrightChromiumPath(): string | null;
export declare function findBrowser(): BrowserFound | BrowserMissing;
