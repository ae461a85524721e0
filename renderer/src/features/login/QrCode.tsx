import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'react';

interface Layer {
  readonly url: string;
  readonly src: string;
}

/**
 * A `tg://login` URL as a QR code (an SVG data: image, which the CSP allows).
 * When the token refreshes, the new code fades in over the old one instead of
 * the image blinking out.
 */
export function QrCode({ url, label }: { readonly url: string | null; readonly label: string }) {
  const [layers, setLayers] = useState<readonly Layer[]>([]);

  useEffect(() => {
    if (!url) return undefined;
    let live = true;
    void qrSvg(url, { type: 'svg', errorCorrectionLevel: 'Q', margin: 0, color: { dark: '#14171c', light: '#ffffff' } }).then((svg) => {
      if (!live) return;
      const layer = { url, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
      setLayers((current) => [...current.slice(-1), layer]);
    });
    return () => {
      live = false;
    };
  }, [url]);

  const shown = layers.at(-1);
  return (
    <div className="qr" role="img" aria-label={shown ? label : 'Getting a QR code from Telegram…'} data-url={shown?.url}>
      {layers.map((layer, i) => (
        <img key={layer.url} className={i === layers.length - 1 ? 'qr__image qr__image--current' : 'qr__image'} src={layer.src} alt="" draggable={false} />
      ))}
      {!shown && (
        <span className="qr__waiting" aria-hidden="true">
          <span className="spinner" />
        </span>
      )}
      {shown && (
        <span className="qr__badge" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22">
            <path fill="currentColor" d="M20.7 4.3 2.9 11.2c-1.2.5-1.2 1.2-.2 1.5l4.6 1.4 1.7 5.4c.2.6.1.8.7.8.5 0 .7-.2 1-.5l2.2-2.2 4.7 3.5c.9.5 1.5.2 1.7-.8l3.1-14.8c.3-1.3-.5-1.9-1.4-1.5zM8.9 13.9l9.2-5.8c.4-.3.8-.1.5.2l-7.9 7.1-.3 3.3-1.5-4.8z" />
          </svg>
        </span>
      )}
    </div>
  );
}
