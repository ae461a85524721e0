import { formatClock, formatCountdown } from '../../ui/format-countdown';
import { useRemaining } from '../../ui/clock';
import type { AccountConnection } from './use-connections';

type Look = { tone: 'online' | 'busy' | 'off' | 'warn'; label: string };

const LOOK: Record<Exclude<AccountConnection['state'], 'flood_wait'>, Look> = {
  online: { tone: 'online', label: 'Online' },
  connecting: { tone: 'busy', label: 'Connecting…' },
  offline: { tone: 'off', label: 'Offline' },
  idle: { tone: 'off', label: 'Connects when needed' },
  needs_login: { tone: 'warn', label: 'Needs login' },
  logged_out: { tone: 'off', label: 'Logged out' },
};

/** A dot and a few words: is this account talking to Telegram right now? */
export function ConnectionStatus({ connection }: { readonly connection: AccountConnection }) {
  if (connection.state === 'flood_wait') return <FloodWait connection={connection} />;
  const { tone, label } = LOOK[connection.state];
  return (
    <span className={`connection connection--${tone}`}>
      <span className="connection__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function FloodWait({ connection }: { readonly connection: AccountConnection }) {
  const left = useRemaining(connection.until);
  const what = connection.method ? ` for ${connection.method}` : '';
  const title = connection.until ? `Telegram asked to slow down${what}; resumes at ${formatClock(connection.until)}.` : `Telegram asked to slow down${what}.`;
  return (
    <span className="connection connection--warn" title={title}>
      <span className="connection__dot" aria-hidden="true" />
      {left > 0 ? (
        <>
          <span aria-hidden="true">
            Rate-limited, resumes in <span className="connection__clock">{formatCountdown(left)}</span>
          </span>
          <span className="visually-hidden">{title}</span>
        </>
      ) : (
        'Resuming…'
      )}
    </span>
  );
}
