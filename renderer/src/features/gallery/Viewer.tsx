import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AppError } from '../../../../preload/contract';
import type { GalleryPhoto } from '../../../../preload/contract/gallery';
import { useApi } from '../../api/api-context';
import { Button } from '../../ui/Button';
import { formatFullDate } from '../../ui/format-date';
import { placeholderUrl } from '../../ui/placeholder-url';
import { describePhoto, formatBytes, formatDay } from './format';

interface Props {
  readonly photos: readonly GalleryPhoto[];
  readonly index: number;
  readonly onIndex: (index: number) => void;
  readonly onClose: () => void;
  /** Who each account is, for "seen by". */
  readonly accountName: (accountId: number) => string;
}

const ZOOMS = [1, 1.5, 2, 3, 4] as const;
type Action = 'media.showInFolder' | 'media.copyImage' | 'media.saveAs';

/**
 * The full photo, or its video looping from the frame Telegram marks as its start;
 * ←/→, Home/End to move, +/− to zoom (drag or scroll to pan), Esc to close; what is known about it alongside.
 */
export function Viewer({ photos, index, onIndex, onClose, accountName }: Props) {
  const api = useApi();
  const photo = photos[index]!;
  const dialog = useRef<HTMLDivElement>(null);
  // Zoom and the last action's notice belong to the photo they were made on.
  const [zoomOf, setZoomOf] = useState({ id: photo.id, level: 0 });
  const [noticeOf, setNoticeOf] = useState<{ id: string; text: string; error?: AppError } | null>(null);
  const zoom = zoomOf.id === photo.id ? zoomOf.level : 0;
  const setZoom = (level: number | ((z: number) => number)) =>
    setZoomOf((z) => ({ id: photo.id, level: typeof level === 'function' ? level(z.id === photo.id ? z.level : 0) : level }));
  const notice = noticeOf?.id === photo.id ? noticeOf : null;
  const setNotice = (n: { text: string; error?: AppError }) => setNoticeOf({ id: photo.id, ...n });

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => previous?.focus();
  }, []);

  const onKey = (event: React.KeyboardEvent) => {
    const go = (to: number) => {
      event.preventDefault();
      onIndex(Math.max(0, Math.min(photos.length - 1, to)));
    };
    if (event.key === 'Tab') {
      // Focus stays inside the dialog: Tab from its last control goes back to its first, and the other way.
      const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('button:not(:disabled)') ?? [])];
      const [first, last] = [focusable[0], focusable.at(-1)];
      if (first && last && (event.shiftKey ? document.activeElement === first || document.activeElement === dialog.current : document.activeElement === last)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowRight') go(index + 1);
    else if (event.key === 'ArrowLeft') go(index - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(photos.length - 1);
    else if (event.key === '+' || event.key === '=') setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
    else if (event.key === '-') setZoom((z) => Math.max(0, z - 1));
    else if (event.key === '0') setZoom(0);
  };

  async function act(action: Action, done: string) {
    const outcome = await api.settle(action, { photoId: photo.id });
    if (!outcome.ok) setNotice({ text: outcome.error.message, error: outcome.error });
    else if (outcome.value.done) setNotice({ text: done });
  }

  const title = describePhoto(photo);
  const panHandlers = usePan(zoom > 0);
  const stage = useRef<HTMLDivElement>(null);
  // A new zoom level starts at the middle of the picture.
  useLayoutEffect(() => {
    const s = stage.current;
    if (s) s.scrollTo((s.scrollWidth - s.clientWidth) / 2, (s.scrollHeight - s.clientHeight) / 2);
  }, [zoom, photo.id]);
  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label={title} tabIndex={-1} ref={dialog} onKeyDown={onKey}>
      <div className="viewer__stage" ref={stage} data-zoom={ZOOMS[zoom] ?? 1} {...panHandlers}>
        <ViewerMedia key={photo.id} photo={photo} zoom={ZOOMS[zoom] ?? 1} />
      </div>
      <aside className="viewer__panel" aria-label="About this photo">
        <div className="viewer__bar">
          <span className="viewer__position">
            {index + 1} of {photos.length}
          </span>
          <Button variant="ghost" className="button--small" aria-label="Previous photo" disabled={index === 0} onClick={() => onIndex(index - 1)}>
            ←
          </Button>
          <Button variant="ghost" className="button--small" aria-label="Next photo" disabled={index === photos.length - 1} onClick={() => onIndex(index + 1)}>
            →
          </Button>
          <Button variant="ghost" className="button--small" aria-label="Zoom out" disabled={zoom === 0} onClick={() => setZoom(zoom - 1)}>
            −
          </Button>
          <Button variant="ghost" className="button--small" aria-label="Zoom in" disabled={zoom === ZOOMS.length - 1} onClick={() => setZoom(zoom + 1)}>
            +
          </Button>
          <Button variant="ghost" className="button--small" aria-label="Close viewer" onClick={onClose}>
            ✕
          </Button>
        </div>
        <h2 className="viewer__title">{title}</h2>
        <dl className="viewer__facts">
          <dt>Set</dt>
          <dd>{formatDay(photo.date)}</dd>
          <dt>First seen</dt>
          <dd>{formatFullDate(photo.firstSeen)}</dd>
          {photo.removedAt !== null && (
            <>
              <dt>Removed</dt>
              <dd>{formatFullDate(photo.removedAt)}</dd>
            </>
          )}
          {photo.hiddenSince !== null && (
            <>
              <dt>Hidden since</dt>
              <dd>{formatFullDate(photo.hiddenSince)}</dd>
            </>
          )}
          {photo.width !== null && photo.height !== null && (
            <>
              <dt>Size</dt>
              <dd>
                {photo.width} × {photo.height}
              </dd>
            </>
          )}
          <dt>File{photo.hasVideo ? 's' : ''}</dt>
          <dd>{photo.pending ? 'Still downloading' : formatBytes(photo.bytes)}</dd>
          <dt>Kind</dt>
          <dd>{photo.kind === 'profile' ? 'Profile photo' : photo.kind === 'personal' ? 'Personal photo (set by the account for itself)' : 'Public photo (fallback)'}</dd>
          <dt>Data center</dt>
          <dd>DC {photo.dcId}</dd>
          {photo.observedBy !== null && (
            <>
              <dt>Seen by</dt>
              <dd>{accountName(photo.observedBy)}</dd>
            </>
          )}
          {photo.thumbError && (
            <>
              <dt>Problem</dt>
              <dd>{photo.thumbError}</dd>
            </>
          )}
        </dl>
        <div className="viewer__actions">
          <Button className="button--small" disabled={!photo.still} onClick={() => void act('media.showInFolder', 'Shown in its folder.')}>
            Show in folder
          </Button>
          <Button className="button--small" disabled={!photo.still} onClick={() => void act('media.copyImage', 'Copied.')}>
            Copy image
          </Button>
          <Button className="button--small" disabled={!photo.still} onClick={() => void act('media.saveAs', 'Saved.')}>
            Save as…
          </Button>
        </div>
        {notice && (
          <p className={notice.error ? 'inline-error' : 'viewer__notice'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
      </aside>
    </div>
  );
}

/**
 * Zoomed in, the picture is larger than the stage, which scrolls (wheel, trackpad,
 * scrollbars); dragging it with the mouse or a finger moves it too.
 */
function usePan(enabled: boolean) {
  const drag = useRef<{ x: number; y: number } | null>(null);
  return {
    onPointerDown: (event: React.PointerEvent<HTMLDivElement>) => {
      if (!enabled || event.button !== 0) return;
      drag.current = { x: event.clientX, y: event.clientY };
      event.currentTarget.setPointerCapture(event.pointerId);
      event.preventDefault();
    },
    onPointerMove: (event: React.PointerEvent<HTMLDivElement>) => {
      const from = drag.current;
      if (!from) return;
      event.currentTarget.scrollBy(from.x - event.clientX, from.y - event.clientY);
      drag.current = { x: event.clientX, y: event.clientY };
    },
    onPointerUp: () => {
      drag.current = null;
    },
    onPointerCancel: () => {
      drag.current = null;
    },
  };
}

function ViewerMedia({ photo, zoom }: { readonly photo: GalleryPhoto; readonly zoom: number }) {
  const api = useApi();
  const video = useRef<HTMLVideoElement>(null);
  const start = photo.videoStartTs ?? 0;
  const placeholder = placeholderUrl(photo.placeholder);
  // At 1× the picture keeps its own size (never beyond the stage); zoomed, it grows and the stage scrolls.
  const sizing = zoom === 1 ? undefined : { width: `${zoom * 100}%`, height: `${zoom * 100}%` };
  if (photo.video) {
    // Telegram's video_start_ts is where the avatar's loop begins; play from there, and back to it at the end.
    const restart = () => {
      const v = video.current;
      if (!v) return;
      v.currentTime = start;
      void v.play().catch(() => undefined);
    };
    return (
      <video
        ref={video}
        className="viewer__media"
        style={sizing}
        src={api.mediaUrl(photo.video)}
        poster={photo.preview ? api.mediaUrl(photo.preview) : (placeholder ?? undefined)}
        autoPlay
        muted
        playsInline
        onLoadedMetadata={restart}
        onEnded={restart}
        aria-label="Video avatar"
      />
    );
  }
  const source = photo.preview ?? (photo.thumbError ? null : photo.still);
  if (!source)
    return (
      <div className="viewer__missing" style={placeholder ? { backgroundImage: `url("${placeholder}")` } : undefined}>
        <p>{photo.thumbError ?? (photo.pending ? 'This photo is still downloading.' : 'This photo has no picture to show.')}</p>
      </div>
    );
  return (
    <img
      className="viewer__media"
      style={{ ...sizing, backgroundImage: placeholder ? `url("${placeholder}")` : undefined }}
      src={api.mediaUrl(source)}
      alt={describePhoto(photo)}
      draggable={false}
    />
  );
}
