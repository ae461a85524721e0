/**
 * Contract section: checking the archive against itself and healing it. Spread
 * into `requests` in preload/contract.ts. No Electron, Node or DOM here.
 *
 *   archive.verify({heal})  re-hashes every media file against the archive's record of it, checks the
 *                           database, and (heal, the default) fetches damaged or missing files again from
 *                           Telegram where they still exist. Photos Telegram no longer has (removed, or of
 *                           someone no longer archived) are reported as lost and kept as they are.
 */
import { z } from 'zod';

export const VerifyProblem = z.strictObject({
  photoId: z.string().max(24),
  userId: z.number().int().positive(),
  sizeType: z.string().max(8),
  path: z.string().max(512),
  problem: z.enum(['missing', 'damaged']),
});
export type VerifyProblem = z.output<typeof VerifyProblem>;

const Problems = z.array(VerifyProblem).max(100_000);

export const VerifyReport = z.strictObject({
  /** PRAGMA integrity_check: null when the database is sound, else SQLite's findings. */
  databaseProblem: z.string().max(2000).nullable(),
  filesChecked: z.number().int().nonnegative(),
  bytesChecked: z.number().int().nonnegative(),
  /** Every file found missing or damaged (whatever happened to it next). */
  problems: Problems,
  /** Of those, fetched again and now sound. */
  healed: Problems,
  /** Of those, Telegram no longer has them for us (a removed photo, someone no longer archived): kept as they are. */
  lost: Problems,
  /** Of those, still to fetch after a repair: the fetch failed or another sync was running; the next sync retries them. */
  pending: Problems,
  /** The sync run that fetched them again, if one ran. */
  healRunId: z.number().int().positive().nullable(),
});
export type VerifyReport = z.output<typeof VerifyReport>;

export const verifyRequests = {
  'archive.verify': {
    input: z.strictObject({ heal: z.boolean().default(true) }),
    output: VerifyReport,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
