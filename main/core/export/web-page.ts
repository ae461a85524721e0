/**
 * The offline web page of an export: one index.html at the export's root
 * that lists the people, and each person's timeline of photos and identity
 * changes, with the exported files themselves (stills open full size, video
 * avatars play) and the archive's grid thumbnails copied beside it. Static
 * HTML and CSS, no script, no network: it opens from the file system in any
 * browser. Pure: data in, text out; every name is escaped.
 */
import type { IdentityRow } from '../archive/export-repo.js';
import type { IndexedFile } from './index-files.js';

/** Where the page's own files go: a dot folder, which no template can produce (safe names never start with a dot). */
export const WEB_DIR = '.web';

export interface WebPageInput {
  readonly files: readonly IndexedFile[];
  readonly snapshots: readonly IdentityRow[];
  /** Export-relative URL path of a thumbnail for a file's sha256, when one was copied. */
  readonly thumbFor: (sha256: string) => string | null;
  readonly timeZone: string;
  /** When the page was made (unix ms), shown at the bottom. */
  readonly madeAt: number;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A relative URL for an export-relative path: each segment encoded, so '#', '?' and '%' in names stay names. */
export const relativeUrl = (relativePath: string): string => relativePath.split('/').map(encodeURIComponent).join('/');

interface PagePhoto {
  readonly photoId: string;
  readonly kind: string;
  readonly date: number;
  readonly removed: boolean;
  still: string | null;
  video: string | null;
  thumb: string | null;
}

interface PagePerson {
  readonly userId: number;
  readonly name: string;
  readonly username: string | null;
  readonly photos: PagePhoto[];
}

const KIND_LABEL: Readonly<Record<string, string>> = { profile: 'Profile photo', personal: 'Personal photo', fallback: 'Public photo' };

function people(input: WebPageInput): PagePerson[] {
  const byUser = new Map<number, PagePerson>();
  const byPhoto = new Map<string, PagePhoto>();
  for (const { item, path } of input.files) {
    const c = item.context;
    let person = byUser.get(c.userId);
    if (!person) {
      const name = `${c.now.firstName} ${c.now.lastName}`.trim() || c.now.username || String(c.userId);
      person = { userId: c.userId, name, username: c.now.username, photos: [] };
      byUser.set(c.userId, person);
    }
    const id = String(c.photoId);
    let photo = byPhoto.get(id);
    if (!photo) {
      photo = { photoId: id, kind: c.kind, date: c.date, removed: c.removed, still: null, video: null, thumb: null };
      byPhoto.set(id, photo);
      person.photos.push(photo);
    }
    if (c.media === 'video') photo.video = relativeUrl(path);
    else {
      photo.still = relativeUrl(path);
      photo.thumb = input.thumbFor(item.source.sha256) ?? photo.still;
    }
  }
  const list = [...byUser.values()];
  for (const p of list) p.photos.sort((a, b) => b.date - a.date || (a.photoId < b.photoId ? 1 : -1));
  return list.sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId);
}

/** What changed between two snapshots, in words; null for the first one. */
function identityChange(previous: IdentityRow | undefined, current: IdentityRow): string | null {
  const name = (s: IdentityRow): string => `${s.firstName} ${s.lastName}`.trim();
  if (!previous) return `First seen as ${name(current)}${current.username ? ` (@${current.username})` : ''}`;
  const parts: string[] = [];
  if (name(previous) !== name(current)) parts.push(`Name changed from ${name(previous)} to ${name(current)}`);
  if (previous.username !== current.username) parts.push(current.username ? `Username changed to @${current.username}` : 'Username removed');
  return parts.length ? parts.join('; ') : null;
}

function photoHtml(photo: PagePhoto, when: string): string {
  const label = `${KIND_LABEL[photo.kind] ?? photo.kind}, ${when}${photo.removed ? ', removed from the profile' : ''}`;
  const thumb = photo.thumb ? `<img src="${photo.thumb}" alt="${escapeHtml(label)}" loading="lazy">` : '';
  const media = photo.video
    ? `<video controls preload="metadata" playsinline${photo.thumb ? ` poster="${photo.thumb}"` : ''} src="${photo.video}" aria-label="${escapeHtml(`Video: ${label}`)}"></video>`
    : photo.still
      ? `<a href="${photo.still}">${thumb}</a>`
      : thumb;
  const badges = [photo.kind !== 'profile' ? KIND_LABEL[photo.kind] : null, photo.video ? 'Video' : null, photo.removed ? 'Removed' : null].filter(Boolean);
  return `<figure class="photo${photo.removed ? ' photo--removed' : ''}" data-photo="${photo.photoId}">${media}<figcaption><time>${escapeHtml(when)}</time>${badges
    .map((b) => ` <span class="badge">${escapeHtml(b!)}</span>`)
    .join('')}</figcaption></figure>`;
}

export function webPageHtml(input: WebPageInput): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: input.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const when = (ms: number): string => format.format(new Date(ms));
  const list = people(input);
  const snapshotsByUser = new Map<number, IdentityRow[]>();
  for (const s of input.snapshots) snapshotsByUser.set(s.userId, [...(snapshotsByUser.get(s.userId) ?? []), s]);
  const total = list.reduce((n, p) => n + p.photos.length, 0);

  const index = list
    .map((p) => {
      const avatar = p.photos.find((ph) => !ph.removed && ph.thumb)?.thumb ?? p.photos[0]?.thumb;
      return `<li><a class="person-link" href="#person-${p.userId}">${avatar ? `<img src="${avatar}" alt="" loading="lazy">` : '<span class="no-avatar"></span>'}<span><strong>${escapeHtml(p.name)}</strong>${
        p.username ? `<small>@${escapeHtml(p.username)}</small>` : ''
      }<small>${p.photos.length} photos</small></span></a></li>`;
    })
    .join('\n');

  const sections = list
    .map((p) => {
      const snaps = snapshotsByUser.get(p.userId) ?? [];
      const events = snaps.flatMap((s, i) => {
        const text = identityChange(snaps[i - 1], s);
        return text ? [{ at: s.seenAt, html: `<li class="event"><time>${escapeHtml(when(s.seenAt))}</time> ${escapeHtml(text)}</li>` }] : [];
      });
      const entries = [
        ...p.photos.map((ph) => ({ at: ph.date * 1000, html: `<li>${photoHtml(ph, when(ph.date * 1000))}</li>` })),
        ...events,
      ].sort((a, b) => b.at - a.at);
      return `<section id="person-${p.userId}" aria-labelledby="h-${p.userId}"><h2 id="h-${p.userId}">${escapeHtml(p.name)}${
        p.username ? ` <small>@${escapeHtml(p.username)}</small>` : ''
      }</h2><ol class="timeline">${entries.map((e) => e.html).join('')}</ol><p><a href="#top">Back to everyone</a></p></section>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; media-src 'self' file:; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>Telegram profile photos</title>
<style>
:root { color-scheme: light dark; --bg: #f6f7f9; --surface: #fff; --text: #1c1f24; --muted: #5d6673; --border: #dfe3e8; --accent: #2f7fd6; --warn: #8a5300; --warn-bg: #fdf1d8; }
@media (prefers-color-scheme: dark) { :root { --bg: #16181c; --surface: #1f2228; --text: #e8eaed; --muted: #9aa3ae; --border: #343a42; --accent: #6aa8ee; --warn: #f2c46d; --warn-bg: #3a2f17; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; background: var(--bg); color: var(--text); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
h1 { margin: 8px 0 4px; font-size: 24px; } h2 { font-size: 20px; margin: 0 0 12px; } small { color: var(--muted); font-weight: 400; }
a { color: var(--accent); }
.people { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; }
.person-link { display: flex; gap: 10px; align-items: center; padding: 10px; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; text-decoration: none; color: inherit; }
.person-link img, .no-avatar { width: 48px; height: 48px; border-radius: 50%; object-fit: cover; background: var(--border); flex-shrink: 0; }
.person-link span { display: flex; flex-direction: column; min-width: 0; overflow-wrap: anywhere; }
section { margin: 28px 0; padding: 16px; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; }
.timeline { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }
.timeline .event { grid-column: 1 / -1; padding: 8px 12px; border-left: 3px solid var(--accent); color: var(--muted); }
.photo { margin: 0; } .photo img, .photo video { width: 100%; aspect-ratio: 1; object-fit: cover; border-radius: 8px; display: block; background: var(--border); }
.photo--removed img, .photo--removed video { opacity: 0.75; outline: 2px dashed var(--warn); outline-offset: -2px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 6px; background: var(--warn-bg); color: var(--warn); font-size: 12px; }
</style>
</head>
<body>
<header id="top"><h1>Telegram profile photos</h1><p><small>${list.length} people, ${total} photos. Made ${escapeHtml(when(input.madeAt))} by Photo Archiver for Telegram.</small></p></header>
<main>
<nav aria-label="People"><ul class="people">
${index}
</ul></nav>
${sections}
</main>
</body>
</html>
`;
}
