/**
 * What `--json` prints: one JSON object per result on stdout, always with `ok`
 * (true when the command did all it was asked), and on failure an `error` with a
 * stable `code` and a sentence. docs/cli-json.schema.json is generated from these
 * schemas (`npm run cli:schema`); the CLI's end-to-end tests check every output against them.
 */
import { z } from 'zod';
import { ExportProfile, ExportSummary } from '../../preload/contract/export.js';
import { ScheduleStatus } from '../../preload/contract/settings.js';
import { RunSummary, SyncProgress, TargetCandidate } from '../../preload/contract/sync.js';
import { VerifyReport } from '../../preload/contract/verify.js';

const Id = z.number().int().positive();
const Problem = z.strictObject({ code: z.string(), message: z.string() });
const Person = { userId: Id, firstName: z.string(), lastName: z.string(), username: z.string().nullable() };
const Account = z.strictObject({
  id: Id,
  phone: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  username: z.string().nullable(),
  dcId: z.number().int(),
  status: z.enum(['active', 'needs_login', 'logged_out']),
  addedAt: z.number().int(),
});
const Target = z.strictObject({ ...Person, accountId: Id.nullable(), addedAt: z.number().int(), paused: z.boolean(), usernameLookupsLeft: z.number().int() });
/** One archived person with their counts (targets list, status). */
const PersonCounts = z.strictObject({
  ...Person,
  accountId: Id.nullable(),
  paused: z.boolean(),
  status: z.string(),
  photos: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  hidden: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  lastCheckAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
});

export const CliFailure = z.strictObject({ ok: z.literal(false), error: Problem });

export const CliOutputs = {
  login: z.strictObject({ ok: z.literal(true), account: Account }),
  logout: z.strictObject({
    ok: z.literal(true),
    accountId: Id,
    /** People it archived that another logged-in account (one that sees them) archives now. */
    movedTargets: z.number().int().nonnegative(),
    /** People no other logged-in account sees. */
    unseenTargets: z.number().int().nonnegative(),
  }),
  'targets add': z.strictObject({
    ok: z.boolean(),
    added: z.array(Target),
    failed: z.array(z.strictObject({ query: z.string(), code: z.string(), message: z.string() })),
    candidates: z.array(TargetCandidate).optional(),
  }),
  'targets list': z.strictObject({ ok: z.literal(true), targets: z.array(PersonCounts) }),
  'targets remove': z.strictObject({
    ok: z.literal(true),
    removed: z.array(z.strictObject({ userId: Id, removed: z.boolean(), photosPurged: z.number().int(), filesDeleted: z.number().int() })),
    /** Names that are not targets (removed already): not an error. */
    notFound: z.array(z.string()),
  }),
  'targets pause': z.strictObject({ ok: z.literal(true), changed: z.array(Id) }),
  sync: z.strictObject({ ok: z.boolean(), run: RunSummary }),
  /** One line per scheduled run. */
  'sync --watch': z.strictObject({ ok: z.boolean(), run: RunSummary, schedule: ScheduleStatus }),
  export: z.strictObject({ ok: z.boolean(), exports: z.array(z.strictObject({ profile: z.string(), summary: ExportSummary })) }),
  'export profiles list': z.strictObject({ ok: z.literal(true), profiles: z.array(ExportProfile) }),
  'export profiles add': z.strictObject({ ok: z.literal(true), profile: ExportProfile }),
  'export profiles remove': z.strictObject({ ok: z.literal(true), removed: Id }),
  status: z.strictObject({
    ok: z.literal(true),
    archive: z.string(),
    accounts: z.array(Account),
    /** The run in progress, in this process or another one (as it last shared its progress in the archive). */
    current: SyncProgress.nullable(),
    /** The process running a sync on this archive now, if any. */
    runningPid: z.number().int().nullable(),
    lastRun: RunSummary.nullable(),
    totals: z.strictObject({
      targets: z.number().int(),
      photos: z.number().int(),
      removed: z.number().int(),
      hidden: z.number().int(),
      pendingPhotos: z.number().int(),
      files: z.number().int(),
      bytes: z.number().int(),
    }),
    people: z.array(PersonCounts),
  }),
  verify: z.strictObject({ ok: z.boolean(), verify: VerifyReport }),
  backup: z.strictObject({ ok: z.literal(true), backup: z.strictObject({ path: z.string(), bytes: z.number().int().positive() }) }),
} as const;

/** Any line `--json` prints. */
export const CliJsonOutput = z.union([CliFailure, ...Object.values(CliOutputs)]);

/** The documented JSON Schema (draft 2020-12) of every `--json` output. */
export function cliJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Photo Archiver CLI --json output',
    description: 'One object per result on stdout. `ok` is true when the command did everything asked; on failure `error` says why.',
    ...z.toJSONSchema(CliJsonOutput, { target: 'draft-2020-12', unrepresentable: 'any' }),
  };
}
