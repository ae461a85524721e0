/** Telegram gives phone numbers as bare digits; show them as international numbers. */
export function formatPhone(phone: string): string {
  return /^\d+$/.test(phone) ? `+${phone}` : phone;
}
