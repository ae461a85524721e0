/**
 * The Settings form as text fields and checkboxes, and back: what the person
 * typed becomes a settings.update, checked with the contract's own schema so
 * each message shows next to its field (the core refuses the same values).
 */
import { fieldProblems, SettingsUpdate, type AppSettings, type SettingsUpdate as Update } from '../../../../preload/contract/settings';

export interface SettingsDraft {
  readonly intervalMinutes: string;
  readonly deepScanDays: string;
  readonly dailyRequestBudget: string;
  readonly filesPerDc: string;
  readonly peopleAtOnce: string;
  readonly newPhotos: boolean;
  readonly removedPhotos: boolean;
  readonly startAtLogin: boolean;
  readonly theme: AppSettings['theme'];
}

export function toDraft(s: AppSettings): SettingsDraft {
  return {
    intervalMinutes: String(s.schedule.intervalMinutes),
    deepScanDays: String(s.schedule.deepScanDays),
    dailyRequestBudget: String(s.schedule.dailyRequestBudget),
    filesPerDc: String(s.concurrency.filesPerDc),
    peopleAtOnce: String(s.concurrency.peopleAtOnce),
    newPhotos: s.notifications.newPhotos,
    removedPhotos: s.notifications.removedPhotos,
    startAtLogin: s.startAtLogin,
    theme: s.theme,
  };
}

/** A number field's text as a number; blank or not a number is NaN (the schema says what is wrong). */
export function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim().replace(/[\s,_]/g, ''));
}

/** Field path ("schedule.intervalMinutes") → its message. */
export type Problems = Readonly<Record<string, string>>;

export function readDraft(d: SettingsDraft): { update: Update; problems: Problems } {
  const update: Update = {
    schedule: { intervalMinutes: numberOf(d.intervalMinutes), deepScanDays: numberOf(d.deepScanDays), dailyRequestBudget: numberOf(d.dailyRequestBudget) },
    concurrency: { filesPerDc: numberOf(d.filesPerDc), peopleAtOnce: numberOf(d.peopleAtOnce) },
    notifications: { newPhotos: d.newPhotos, removedPhotos: d.removedPhotos },
    startAtLogin: d.startAtLogin,
    theme: d.theme,
  };
  const problems: Record<string, string> = {};
  for (const p of fieldProblems(SettingsUpdate, update)) problems[p.field] ??= p.message;
  return { update, problems };
}
