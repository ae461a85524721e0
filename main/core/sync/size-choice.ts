/**
 * Which sizes of a photo to keep: the largest still (by pixels), the MP4 video
 * avatar when there is one, and the stripped placeholder inline. Always naming
 * the size matters: GramJS's default picks the MP4 and writes it as .jpg.
 */

/** A photo size as Telegram describes it, reduced to what the choice needs. */
export type StillSize =
  | { readonly kind: 'size'; readonly type: string; readonly w: number; readonly h: number; readonly size: number }
  | { readonly kind: 'progressive'; readonly type: string; readonly w: number; readonly h: number; readonly sizes: readonly number[] }
  | { readonly kind: 'stripped'; readonly type: string; readonly bytes: Uint8Array }
  | { readonly kind: 'cached'; readonly type: string; readonly w: number; readonly h: number; readonly bytes: Uint8Array }
  | { readonly kind: 'other'; readonly type: string };

export type VideoEntry =
  | { readonly kind: 'video'; readonly type: string; readonly w: number; readonly h: number; readonly size: number; readonly videoStartTs: number | null }
  | { readonly kind: 'markup'; readonly json: string };

export type FileMime = 'image/jpeg' | 'video/mp4';

/** One file to download for a photo. */
export interface WantedFile {
  readonly type: string;
  readonly w: number;
  readonly h: number;
  /** Declared byte size (0 when Telegram did not say). */
  readonly size: number;
  readonly mime: FileMime;
}

export interface SizeChoice {
  readonly still: WantedFile | null;
  readonly video: (WantedFile & { readonly videoStartTs: number | null }) | null;
  readonly stripped: Uint8Array | null;
  /** Emoji or sticker markup (JSON) of an avatar drawn by the client; no file behind it. */
  readonly markup: string | null;
}

const pixels = (s: { w: number; h: number }): number => s.w * s.h;

/** The downloadable stills, with a byte size each. */
function downloadableStills(sizes: readonly StillSize[]): WantedFile[] {
  const out: WantedFile[] = [];
  for (const s of sizes) {
    if (s.kind === 'size') out.push({ type: s.type, w: s.w, h: s.h, size: s.size, mime: 'image/jpeg' });
    // A progressive JPEG's sizes are scan boundaries; the largest is the whole file.
    else if (s.kind === 'progressive') out.push({ type: s.type, w: s.w, h: s.h, size: Math.max(0, ...s.sizes), mime: 'image/jpeg' });
  }
  return out;
}

export function chooseSizes(sizes: readonly StillSize[], videos: readonly VideoEntry[]): SizeChoice {
  let still: WantedFile | null = null;
  for (const candidate of downloadableStills(sizes)) {
    if (!still || pixels(candidate) > pixels(still) || (pixels(candidate) === pixels(still) && candidate.size > still.size)) still = candidate;
  }

  // 'u' is the profile video; 'v' (a preview) only when nothing better exists.
  let video: SizeChoice['video'] = null;
  for (const v of videos) {
    if (v.kind !== 'video') continue;
    const candidate = { type: v.type, w: v.w, h: v.h, size: v.size, mime: 'video/mp4' as const, videoStartTs: v.videoStartTs };
    const rank = (x: { type: string }): number => (x.type === 'u' ? 1 : 0);
    if (!video || rank(candidate) > rank(video) || (rank(candidate) === rank(video) && pixels(candidate) > pixels(video))) video = candidate;
  }

  const strippedEntry = sizes.find((s) => s.kind === 'stripped');
  const markupEntry = videos.find((v) => v.kind === 'markup');
  return {
    still,
    video,
    stripped: strippedEntry?.kind === 'stripped' ? strippedEntry.bytes : null,
    markup: markupEntry?.kind === 'markup' ? markupEntry.json : null,
  };
}

/** The files to fetch for a choice, still first. */
export function wantedFiles(choice: SizeChoice): WantedFile[] {
  const out: WantedFile[] = [];
  if (choice.still) out.push(choice.still);
  if (choice.video) {
    const { videoStartTs: _ts, ...file } = choice.video;
    out.push(file);
  }
  return out;
}
