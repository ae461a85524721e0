/**
 * Contract section: export folders. Spread into `requests` / `events` in
 * preload/contract.ts. No Electron, Node or DOM here.
 *
 *   export.profiles()                       the saved export profiles, with their last run's summary
 *   export.saveProfile({id?, settings})     add (no id) or change one; the template is checked (EXPORT_TEMPLATE_INVALID)
 *   export.removeProfile({id})              forgets the profile and its records; exported files stay
 *   export.preview({settings, limit})       the first names the template gives on this archive, or the template's error
 *   export.run({id}) / export.cancel()      runs one profile in the background (EXPORT_BUSY if one runs)
 *   export.chooseFolder()                   the system's folder picker (the desktop app's; null elsewhere or when cancelled)
 *   event export.progress                   throttled while an export runs, and at its end
 */
import { z } from 'zod';

const Path = z.string().min(1).max(4096);

export const ExportMode = z.enum(['copy', 'hardlink', 'reflink']);
export type ExportMode = z.output<typeof ExportMode>;

/** What a profile exports and how: everything but its identity. */
export const ExportSettings = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** An absolute folder; created when missing. */
  destination: Path,
  template: z.string().min(1).max(1000),
  /** IANA zone for dates in names and inside the files. */
  timeZone: z.string().min(1).max(64),
  /** hardlink shares the archive's bytes (falls back to copy across devices) and so cannot write metadata into them. */
  mode: ExportMode,
  include: z.strictObject({
    stills: z.boolean(),
    videos: z.boolean(),
    profile: z.boolean(),
    personal: z.boolean(),
    fallback: z.boolean(),
    /** Photos the person removed from their profile: exported and marked, or left out. */
    removed: z.enum(['mark', 'omit']),
  }),
  /** Date and person written into the files (EXIF/XMP in JPEGs, QuickTime in MP4s); not with hardlink. */
  writeMetadata: z.boolean(),
  /** A JSON file beside each exported file. */
  sidecars: z.boolean(),
  /** An offline web page of the export (index.html: people, their timelines, playable videos), opened from the folder with no server. */
  webPage: z.boolean().default(false),
  /** Run after each archive run. */
  autoExport: z.boolean(),
});
export type ExportSettings = z.output<typeof ExportSettings>;

export const ExportSummary = z.strictObject({
  status: z.enum(['done', 'cancelled', 'failed']),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  /** Files selected by the profile. */
  total: z.number().int().nonnegative(),
  written: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Files the person changed or replaced in the export folder: kept as they are, the archive's version written under another name. */
  keptEdited: z.array(z.string().max(4096)).max(1000),
  /** Hard links that fell back to a copy (another device or a file system without links). */
  copiedInsteadOfLinked: z.number().int().nonnegative(),
  errors: z.array(z.strictObject({ path: z.string().max(4096), message: z.string().max(2000) })).max(1000),
  error: z.string().max(2000).nullable(),
});
export type ExportSummary = z.output<typeof ExportSummary>;

export const ExportProfile = z.strictObject({
  id: z.number().int().positive(),
  settings: ExportSettings,
  lastRun: ExportSummary.nullable(),
});
export type ExportProfile = z.output<typeof ExportProfile>;

export const ExportProgress = z.strictObject({
  profileId: z.number().int().positive(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  written: z.number().int().nonnegative(),
  summary: ExportSummary.nullable(),
});
export type ExportProgress = z.output<typeof ExportProgress>;

export const ExportPreview = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), paths: z.array(z.string().max(4096)).max(100), total: z.number().int().nonnegative() }),
  z.strictObject({ ok: z.literal(false), message: z.string().max(2000) }),
]);
export type ExportPreview = z.output<typeof ExportPreview>;

export const ExportFieldDoc = z.strictObject({ name: z.string().max(64), description: z.string().max(500) });

export const exportRequests = {
  'export.profiles': { input: z.strictObject({}), output: z.array(ExportProfile).max(1000) },
  'export.saveProfile': {
    input: z.strictObject({ id: z.number().int().positive().optional(), settings: ExportSettings }),
    output: ExportProfile,
  },
  'export.removeProfile': { input: z.strictObject({ id: z.number().int().positive() }), output: z.strictObject({}) },
  'export.preview': {
    input: z.strictObject({ settings: ExportSettings, limit: z.number().int().min(1).max(100).default(10) }),
    output: ExportPreview,
  },
  'export.fields': {
    input: z.strictObject({}),
    output: z.strictObject({ fields: z.array(ExportFieldDoc).max(100), dateCodes: z.array(ExportFieldDoc).max(100), defaults: ExportSettings }),
  },
  'export.run': { input: z.strictObject({ id: z.number().int().positive() }), output: z.strictObject({ started: z.literal(true) }) },
  'export.cancel': { input: z.strictObject({}), output: z.strictObject({}) },
  'export.chooseFolder': { input: z.strictObject({}), output: z.strictObject({ path: Path.nullable() }) },
} as const;

export const exportEvents = {
  'export.progress': ExportProgress,
} as const;
