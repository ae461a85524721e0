import type { CSSProperties } from 'react';
import './ui.css';

const HUES = [210, 250, 290, 330, 10, 30, 140, 170];

/** Initials on a colour picked from the id, as Telegram does before a photo is known. */
export function Avatar({ id, name }: { readonly id: number; readonly name: string }) {
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
    <span className="avatar" style={{ '--avatar-hue': hue } as CSSProperties} aria-hidden="true">
      {initials}
    </span>
  );
}
