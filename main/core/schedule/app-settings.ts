/**
 * The app's settings over the archive's key/value table: read with defaults
 * (a hand-edited value outside its limits reads as the default), updated from
 * a change the contract has already checked. The keys are the ones the sync
 * engine reads (sync-service.ts).
 */
import type { z } from 'zod';
import { AppSettings, DEFAULT_SETTINGS, type SettingsUpdate } from '../../../preload/contract/settings.js';
import type { SettingsRepo } from '../archive/settings-repo.js';

type Group = 'schedule' | 'concurrency' | 'notifications';
const GROUPS: readonly Group[] = ['schedule', 'concurrency', 'notifications'];

const KEYS: { readonly [G in Group]: { readonly [F in keyof AppSettings[G]]: string } } & { readonly startAtLogin: string; readonly theme: string } = {
  schedule: { intervalMinutes: 'schedule.intervalMinutes', deepScanDays: 'sync.deepScanDays', dailyRequestBudget: 'schedule.dailyRequestBudget' },
  concurrency: { filesPerDc: 'sync.concurrencyPerDc', peopleAtOnce: 'sync.listingConcurrency' },
  notifications: { newPhotos: 'notifications.newPhotos', removedPhotos: 'notifications.removedPhotos' },
  startAtLogin: 'app.startAtLogin',
  theme: 'app.theme',
};

const fieldsOf = (group: Group): [string, z.ZodType][] => Object.entries(AppSettings.shape[group].shape);

export function readSettings(repo: SettingsRepo): AppSettings {
  const out: Record<string, unknown> = {};
  for (const group of GROUPS) {
    const keys = KEYS[group] as Record<string, string>;
    const defaults = DEFAULT_SETTINGS[group] as Record<string, unknown>;
    out[group] = Object.fromEntries(fieldsOf(group).map(([field, schema]) => [field, repo.get(keys[field]!, schema, defaults[field])]));
  }
  out['startAtLogin'] = repo.get(KEYS.startAtLogin, AppSettings.shape.startAtLogin, DEFAULT_SETTINGS.startAtLogin);
  out['theme'] = repo.get(KEYS.theme, AppSettings.shape.theme, DEFAULT_SETTINGS.theme);
  return out as AppSettings;
}

/** Stores the given fields (already checked by the contract) in one transaction; returns every setting. */
export function updateSettings(repo: SettingsRepo, update: z.output<typeof SettingsUpdate>, transaction: (work: () => void) => void): AppSettings {
  transaction(() => {
    for (const group of GROUPS) {
      const keys = KEYS[group] as Record<string, string>;
      for (const [field, value] of Object.entries(update[group] ?? {})) if (value !== undefined) repo.set(keys[field]!, value);
    }
    if (update.startAtLogin !== undefined) repo.set(KEYS.startAtLogin, update.startAtLogin);
    if (update.theme !== undefined) repo.set(KEYS.theme, update.theme);
  });
  return readSettings(repo);
}
