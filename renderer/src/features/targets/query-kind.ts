/**
 * What the text typed into "Add by username, link or phone" looks like, for a
 * hint while typing. Main parses it for real (and says what is wrong); this
 * only tells the person how their input will be read.
 */
export function describeQuery(text: string): string | null {
  const v = text.trim();
  if (!v) return null;
  const tg = /^tg:\/\/resolve\?(?:.*&)?(domain|phone)=([^&]+)/i.exec(v);
  if (tg) return tg[1]!.toLowerCase() === 'domain' ? `A Telegram link to @${tg[2]}.` : `A Telegram link to the phone number +${tg[2]!.replace(/^\+/, '')}.`;
  const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/([^/?#]+)/i.exec(v);
  if (link) {
    const first = link[1]!;
    if (/^\+\d+$/.test(first)) return `A t.me link to the phone number ${first}.`;
    return `A t.me link to @${first}.`;
  }
  if (/^\+/.test(v) || /^[\d\s().-]+$/.test(v)) {
    const digits = v.replace(/\D/g, '');
    return `A phone number (${digits.length} digits). It works when they let others find them by their number.`;
  }
  return `A username: @${v.replace(/^@/, '')}.`;
}
