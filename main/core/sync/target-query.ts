/**
 * What a person may type to name a target: @username, username, a t.me link
 * (https://t.me/name, t.me/name, tg://resolve?domain=name), or a phone number
 * (also t.me/+15550001234), or a bare number: a user id, or else a phone number
 * without its +. Parsing is pure; resolving it is the lookup's job.
 */
export type TargetQuery =
  | { readonly kind: 'username'; readonly username: string }
  | { readonly kind: 'phone'; readonly phone: string }
  /** Digits alone: a user id (of a contact, a chat or someone known), else a phone number. */
  | { readonly kind: 'number'; readonly digits: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Telegram's rule: 5-32 characters, a letter first, then letters, digits or underscores. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;
/** Longer than any username, link or phone number: refused before anything is looked up. */
export const MAX_QUERY_LENGTH = 256;
const PHONE = /^\+?[\d\s().-]{5,24}$/;

function asUsername(raw: string): TargetQuery {
  const name = raw.replace(/^@/, '');
  if (USERNAME.test(name) && !name.endsWith('_') && !name.includes('__')) return { kind: 'username', username: name };
  return { kind: 'invalid', reason: `"${raw.slice(0, 64)}" is not a valid Telegram username (5-32 letters, digits or _, starting with a letter).` };
}

function asPhone(raw: string): TargetQuery {
  const digits = raw.replace(/[^\d]/g, '');
  if (digits.length < 5 || digits.length > 15) return { kind: 'invalid', reason: `"${raw.slice(0, 64)}" is not a phone number.` };
  return { kind: 'phone', phone: digits };
}

export function parseTargetQuery(input: string): TargetQuery {
  const text = input.trim();
  if (text === '') return { kind: 'invalid', reason: 'Type a @username, a t.me link, a phone number or a user id.' };
  if (text.length > MAX_QUERY_LENGTH) return { kind: 'invalid', reason: `That is ${text.length} characters: no username, link or phone number is longer than ${MAX_QUERY_LENGTH}.` };
  if (/^\d{1,16}$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text))) return { kind: 'number', digits: text };

  const tg = /^tg:\/\/resolve\?(.*)$/i.exec(text);
  if (tg) {
    const params = new URLSearchParams(tg[1]);
    const domain = params.get('domain');
    const phone = params.get('phone');
    if (domain) return asUsername(domain);
    if (phone) return asPhone(phone);
    return { kind: 'invalid', reason: 'This tg:// link names no user.' };
  }

  const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/([^?#]*)/i.exec(text);
  if (link) {
    const path = (link[1] ?? '').replace(/\/+$/, '');
    const [first = '', ...rest] = path.split('/');
    if (first.startsWith('+')) return /^\+\d+$/.test(first) && rest.length === 0 ? asPhone(first) : { kind: 'invalid', reason: 'Invite links name a group or channel, not a person.' };
    if (['joinchat', 'c', 's', 'addstickers', 'addemoji', 'share', 'proxy', 'socks', 'login', 'setlanguage', 'addtheme', 'boost'].includes(first.toLowerCase()))
      return { kind: 'invalid', reason: 'This t.me link does not name a person.' };
    if (first === '') return { kind: 'invalid', reason: 'This t.me link names no user.' };
    return asUsername(first);
  }

  if (/^\+/.test(text) || (PHONE.test(text) && /^\d/.test(text.replace(/[\s().-]/g, '')) && /\d{5,}/.test(text.replace(/[\s().-]/g, ''))))
    return asPhone(text);
  return asUsername(text);
}
