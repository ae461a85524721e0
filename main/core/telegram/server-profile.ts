import { z } from 'zod';

/**
 * Where the Telegram client connects: each data center's address and the RSA
 * keys its servers sign the key exchange with. Telegram's own data centers are
 * the default; the sandbox writes a profile of this shape for tests and the
 * demo; test servers or a self-hosted server are just other profiles.
 */
export const ServerProfileSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1).max(100),
    /** DC id -> address. Every DC the app may be sent to must be listed. */
    dcs: z.record(
      z.string().regex(/^[1-9]\d{0,2}$/, 'DC ids are small positive integers'),
      z.strictObject({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) }),
    ),
    /** DC a fresh login starts on. */
    defaultDc: z.number().int().positive(),
    /** Extra server RSA keys (PEM, PKCS#1) with Telegram's fingerprint as a signed int64 in decimal. */
    rsaKeys: z
      .array(z.strictObject({ fingerprint: z.string().regex(/^-?\d{1,20}$/), publicKeyPem: z.string().max(4096) }))
      .max(8)
      .default([]),
  })
  .strict()
  .refine((p) => String(p.defaultDc) in p.dcs, { message: 'defaultDc must be one of the listed dcs', path: ['defaultDc'] });

export type ServerProfile = z.output<typeof ServerProfileSchema>;

/** Telegram's production data centers (IPv4, as in help.getConfig). GramJS carries their RSA keys. */
export const TELEGRAM_PRODUCTION: ServerProfile = {
  version: 1,
  name: 'Telegram',
  dcs: {
    '1': { host: '149.154.175.53', port: 443 },
    '2': { host: '149.154.167.51', port: 443 },
    '3': { host: '149.154.175.100', port: 443 },
    '4': { host: '149.154.167.91', port: 443 },
    '5': { host: '91.108.56.130', port: 443 },
  },
  defaultDc: 2,
  rsaKeys: [],
};

export class ServerProfileError extends Error {}

/** Parses a profile file's text; the message names the field that is wrong. */
export function parseServerProfile(text: string): ServerProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ServerProfileError(`server profile is not valid JSON: ${(error as Error).message}`);
  }
  const result = ServerProfileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ServerProfileError(`server profile: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
