/**
 * Client-side hints for the API ID and hash while they are typed. Main checks
 * them again (credentials.set) and its message is the final word.
 */

/** A problem with the API ID as typed, or null when it looks right (or is still empty). */
export function apiIdProblem(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (!/^\d+$/.test(v)) return 'The API ID is a number, digits only (e.g. 1234567).';
  if (Number(v) <= 0 || Number(v) > 2_147_483_647) return 'That number is out of range for an API ID.';
  return null;
}

/** A problem with the API hash as typed, or null when it looks right (or is still being typed). */
export function apiHashProblem(value: string, final: boolean): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/[^0-9a-fA-F]/.test(v)) return 'The API hash only has the digits 0–9 and the letters a–f.';
  if (v.length > 32) return `The API hash is 32 characters long; this is ${v.length}.`;
  if (final && v.length < 32) return `The API hash is 32 characters long; this is ${v.length}.`;
  return null;
}

export function credentialsLookComplete(apiId: string, apiHash: string): boolean {
  return /^\d+$/.test(apiId.trim()) && apiIdProblem(apiId) === null && /^[0-9a-fA-F]{32}$/.test(apiHash.trim());
}
