/** "First Last", trimmed; the fallback when Telegram gave neither. */
export function personName(firstName: string, lastName: string, fallback: string): string {
  return `${firstName} ${lastName}`.trim() || fallback;
}
