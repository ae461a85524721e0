import type { CSSProperties } from 'react';
import type { GalleryPhoto, Placeholder } from '../../../preload/contract/gallery';
import { useApi } from '../api/api-context';
import { placeholderUrl } from './placeholder-url';
import './ui.css';

const HUES = [210, 250, 290, 330, 10, 30, 140, 170];

interface Props {
  readonly id: number;
  readonly name: string;
  /** Their current photo: shown (over its placeholder) instead of the initials. */
  readonly photo?: GalleryPhoto | null;
  /** Only a placeholder is known (a candidate's stripped thumbnail from Telegram): shown alone. */
  readonly preview?: Placeholder | null;
  readonly size?: 'small' | 'normal' | 'large';
}

/** The person's current photo, or initials on a colour picked from the id as Telegram does before a photo is known. */
export function Avatar({ id, name, photo, preview, size = 'normal' }: Props) {
  const api = useApi();
  const className = size === 'normal' ? 'avatar' : `avatar avatar--${size}`;
  const placeholder = placeholderUrl(photo ? photo.placeholder : (preview ?? null));
  if (photo?.thumb || placeholder) {
    return (
      <span className={`${className} avatar--photo`} style={placeholder ? { backgroundImage: `url("${placeholder}")` } : undefined} aria-hidden="true">
        {photo?.thumb && <img src={api.mediaUrl(photo.thumb)} alt="" decoding="async" />}
      </span>
    );
  }
  const initials =
    name
      .split(/\s+/)
      .map((part) => part.match(/[\p{L}\p{N}]/u)?.[0] ?? '')
      .filter(Boolean)
      .slice(0, 2)
      .join('')
      .toUpperCase() || '?';
  const hue = HUES[id % HUES.length];
  return (
    <span className={className} style={{ '--avatar-hue': hue } as CSSProperties} aria-hidden="true">
      {initials}
    </span>
  );
}
