/**
 * Contract section: the app's settings and the background schedule. Spread into
 * `requests` / `events` in preload/contract.ts. No Electron, Node or DOM here.
 *
 *   settings.get                       every setting, with defaults filled in
 *   settings.update(partial)           any subset; a value outside its limits is refused
 *                                      (INVALID_INPUT) and nothing is stored
 *   targets.setSchedule({userId, minutes|null})  a person checked more (or less) often
 *   schedule.overrides                 the people with an interval of their own
 *   schedule.status                    what the scheduler does now, the next run, the budget left
 *   schedule.setPaused({paused})       pause every scheduled run (the tray's "Pause all")
 *   event schedule.status              the same, whenever it changes
 *
 * The limits here are the one place they are written: the core validates with
 * these schemas and the Settings screen shows their messages next to the field.
 */
import { z } from 'zod';

const UserId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const whole = (what: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${what} must be a number.` })
    .int(`${what} must be a whole number of ${unit}.`)
    .min(min, `${what} must be at least ${min} ${unit}.`)
    .max(max, `${what} must be at most ${max.toLocaleString('en')} ${unit}.`);

/** Minutes between checks: from 5 minutes (gentle on Telegram) to a week. */
export const ScheduleMinutes = whole('The interval', 5, 10_080, 'minutes');

export const AppSettings = z.strictObject({
  schedule: z.strictObject({
    intervalMinutes: ScheduleMinutes,
    deepScanDays: whole('The deep-scan interval', 1, 90, 'days'),
    /** Telegram requests per local day (file downloads aside), after which scheduled runs wait; 0 means no limit. */
    dailyRequestBudget: whole('The daily request budget', 0, 1_000_000, 'requests'),
  }),
  concurrency: z.strictObject({
    /** Files downloading at once per data center (the byte budget per data center still applies). */
    filesPerDc: whole('Files at once', 1, 64, 'files'),
    /** People listed at once. */
    peopleAtOnce: whole('People at once', 1, 16, 'people'),
  }),
  notifications: z.strictObject({
    newPhotos: z.boolean(),
    removedPhotos: z.boolean(),
  }),
  startAtLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
});
export type AppSettings = z.output<typeof AppSettings>;

/**
 * The defaults. Concurrency suits an ordinary (non-premium) account: Telegram
 * limits such an account's downloads by bytes in flight, which the engine's
 * budget keeps to; more files at once would only queue.
 */
export const DEFAULT_SETTINGS: AppSettings = {
  schedule: { intervalMinutes: 60, deepScanDays: 7, dailyRequestBudget: 5000 },
  concurrency: { filesPerDc: 32, peopleAtOnce: 4 },
  notifications: { newPhotos: true, removedPhotos: true },
  startAtLogin: false,
  theme: 'system',
};

/** A change of some settings: any subset of the fields, each checked against its limits. */
export const SettingsUpdate = z.strictObject({
  schedule: AppSettings.shape.schedule.partial().optional(),
  concurrency: AppSettings.shape.concurrency.partial().optional(),
  notifications: AppSettings.shape.notifications.partial().optional(),
  startAtLogin: AppSettings.shape.startAtLogin.optional(),
  theme: AppSettings.shape.theme.optional(),
});
export type SettingsUpdate = z.input<typeof SettingsUpdate>;

/** A field path ("schedule.intervalMinutes") and what is wrong with its value. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * What is wrong with a value, field by field: the Settings screen shows these
 * next to their fields; the core refuses the same values at the boundary.
 */
export function fieldProblems(schema: z.ZodType, value: unknown): FieldProblem[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

export const ScheduleStatus = z.strictObject({
  /**
   * idle: nothing to archive; waiting: until nextRunAt; running: a run is on;
   * paused: by the person; suspended: the computer sleeps; backoff: after flood waits;
   * budget: today's requests are spent; elsewhere: another program schedules this archive.
   */
  state: z.enum(['idle', 'waiting', 'running', 'paused', 'suspended', 'backoff', 'budget', 'elsewhere']),
  nextRunAt: z.number().int().nullable(),
  lastRunAt: z.number().int().nullable(),
  budget: z.strictObject({
    limit: z.number().int().nonnegative().nullable(),
    used: z.number().int().nonnegative(),
    left: z.number().int().nonnegative().nullable(),
    resetsAt: z.number().int(),
  }),
});
export type ScheduleStatus = z.output<typeof ScheduleStatus>;

export const settingsRequests = {
  'settings.get': { input: z.strictObject({}), output: AppSettings },
  'settings.update': { input: SettingsUpdate, output: AppSettings },
  /** minutes null: the archive's interval. */
  'targets.setSchedule': {
    input: z.strictObject({ userId: UserId, minutes: ScheduleMinutes.nullable() }),
    output: z.strictObject({ changed: z.boolean() }),
  },
  'schedule.overrides': {
    input: z.strictObject({}),
    output: z.strictObject({
      items: z.array(z.strictObject({ userId: UserId, firstName: z.string().max(256), lastName: z.string().max(256), username: z.string().max(64).nullable(), minutes: z.number().int() })).max(100_000),
    }),
  },
  'schedule.status': { input: z.strictObject({}), output: ScheduleStatus },
  'schedule.setPaused': { input: z.strictObject({ paused: z.boolean() }), output: ScheduleStatus },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const settingsEvents = {
  'schedule.status': ScheduleStatus,
} as const satisfies Record<string, z.ZodType>;
