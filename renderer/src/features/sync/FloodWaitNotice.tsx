import { formatClock, formatCountdown } from '../../ui/format-countdown';
import { ClockIcon } from '../../ui/icons';
import { useRemaining } from '../../ui/clock';

interface Props {
  readonly floodWait: { readonly method: string; readonly until: number };
  readonly compact?: boolean;
}

/** Telegram asked for a pause: a calm countdown, not an error. Nothing is lost meanwhile. */
export function FloodWaitNotice({ floodWait, compact = false }: Props) {
  const left = useRemaining(floodWait.until);
  const clock = formatCountdown(left);
  if (compact) {
    return (
      <span className="sync-mini__wait">
        <ClockIcon size={13} /> {left > 0 ? `Resuming in ${clock}` : 'Resuming…'}
      </span>
    );
  }
  return (
    <div className="flood-wait" role="status" title={`Telegram limited ${floodWait.method} until ${formatClock(floodWait.until)}.`}>
      <span className="flood-wait__icon" aria-hidden="true">
        <ClockIcon size={18} />
      </span>
      <div>
        <p className="flood-wait__title">
          {left > 0 ? (
            <>
              Telegram asked us to slow down — resuming in <span className="flood-wait__clock">{clock}</span>
            </>
          ) : (
            'Telegram asked us to slow down — resuming now…'
          )}
        </p>
        <p className="flood-wait__text">This is normal with many photos. The archiver waits and then carries on by itself; nothing is lost.</p>
      </div>
    </div>
  );
}
