/**
 * What an export writes inside a file: the date the photo was set and who is
 * in it, as tags exiftool writes. Pure: the writer (metadata-writer.ts) applies them.
 */
import { dateParts, formatOffset } from './date-format.js';
import type { PersonNames } from './template.js';

export interface DescribedPhoto {
  readonly userId: number;
  readonly kind: 'profile' | 'personal' | 'fallback';
  /** Unix seconds the photo was set. */
  readonly date: number;
  readonly names: PersonNames;
}

export type MetadataTags = Readonly<Record<string, string | readonly string[]>>;

const KIND_TEXT = { profile: 'profile photo', personal: 'personal photo (set by you for them)', fallback: 'public fallback photo' } as const;

/** "Alice Archer (@alice), Telegram profile photo, user 5001". */
export function describe(photo: DescribedPhoto): string {
  const name = `${photo.names.firstName} ${photo.names.lastName}`.trim();
  const who = [name, photo.names.username ? `(@${photo.names.username})` : ''].filter(Boolean).join(' ') || `user ${photo.userId}`;
  return `${who}, Telegram ${KIND_TEXT[photo.kind]}, user ${photo.userId}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** EXIF's "YYYY:MM:DD HH:MM:SS" in the zone, and its offset "+HH:MM". */
export function exifDate(unixSeconds: number, timeZone: string): { readonly local: string; readonly offset: string } {
  const p = dateParts(unixSeconds, timeZone);
  return {
    local: `${pad(p.year, 4)}:${pad(p.month)}:${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    offset: formatOffset(p.offsetMinutes),
  };
}

/** The tags for a file of this MIME type, or null when the export writes nothing into such files. */
export function metadataTags(mime: string, photo: DescribedPhoto, timeZone: string): MetadataTags | null {
  const description = describe(photo);
  const person = `${photo.names.firstName} ${photo.names.lastName}`.trim() || photo.names.username || String(photo.userId);
  const local = exifDate(photo.date, timeZone);
  if (mime === 'image/jpeg') {
    return {
      'EXIF:DateTimeOriginal': local.local,
      'EXIF:CreateDate': local.local,
      'EXIF:OffsetTimeOriginal': local.offset,
      'EXIF:OffsetTimeDigitized': local.offset,
      'EXIF:ImageDescription': description,
      'XMP-dc:Description': description,
      'XMP-iptcExt:PersonInImage': [person],
    };
  }
  if (mime === 'video/mp4') {
    // QuickTime's own dates are UTC by its specification; Keys:CreationDate carries the local time and zone.
    const utc = exifDate(photo.date, 'UTC').local;
    return {
      'QuickTime:CreateDate': utc,
      'QuickTime:ModifyDate': utc,
      'QuickTime:TrackCreateDate': utc,
      'QuickTime:MediaCreateDate': utc,
      'Keys:CreationDate': `${local.local}${local.offset}`,
      'Keys:Description': description,
    };
  }
  return null;
}
