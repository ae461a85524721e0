import { Avatar } from '../../ui/Avatar';
import { RelativeTime } from '../../ui/RelativeTime';
import { useSampled } from '../../ui/use-sampled';
import { usePersonSummaries } from '../gallery/use-person-summaries';
import { FloodWaitNotice } from './FloodWaitNotice';
import { PHASE_SHORT, formatCount, percentDone } from './format';
import { useSync } from './sync-context';
import './sync.css';

/** A glance at the archiver from any screen; opens the Archive view. */
export function SyncSidebarStatus({ onOpen }: { readonly onOpen: () => void }) {
  const { status, run } = useSync();
  const last = status.status === 'ready' ? status.data.lastRun : null;
  // Whose photos are landing: their avatar beside the progress (loaded once per person).
  // Progress comes four times a second; the avatar (one summary request each) follows it every 3 s.
  const person = useSampled(run?.state === 'running' ? run.lastPerson : null, 3000);
  const avatar = usePersonSummaries(person === null ? [] : [person]).get(person ?? 0)?.avatar ?? null;
  if (!run && !last) return null;

  let body;
  if (run) {
    const percent = percentDone(run);
    const paused = run.state === 'paused';
    body = (
      <>
        <span className="sync-mini__title">
          {avatar && person !== null && <Avatar id={person} name="" photo={avatar} size="small" />}
          {!paused && <span className="sync-run__pulse" aria-hidden="true" />}
          {paused ? 'Archiving paused' : 'Archiving…'}
          {percent !== null && <span className="sync-mini__percent">{percent}%</span>}
        </span>
        <span className={paused ? 'progress progress--mini progress--paused' : percent === null ? 'progress progress--mini progress--indeterminate' : 'progress progress--mini'} aria-hidden="true">
          <span className="progress__bar" style={{ width: percent === null ? undefined : `${Math.max(percent, 2)}%` }} />
        </span>
        {run.floodWait && !paused ? <FloodWaitNotice floodWait={run.floodWait} compact /> : <span className="sync-mini__detail">
            {paused
              ? 'Resume it on the Archive view'
              : run.phase === 'downloading' && run.filesTotal > 0
                ? `${formatCount(run.filesDownloaded)} of ${formatCount(run.filesTotal)} files`
                : PHASE_SHORT[run.phase]}
          </span>}
      </>
    );
  } else if (last) {
    const title = last.status === 'done' ? 'Archive up to date' : last.status === 'cancelled' ? 'Last run cancelled' : 'Last run did not finish';
    body = (
      <>
        <span className="sync-mini__title">{title}</span>
        <span className="sync-mini__detail">
          {last.finishedAt ? 'Finished' : 'Started'} <RelativeTime ms={last.finishedAt ?? last.startedAt} />
        </span>
      </>
    );
  }
  return (
    <button type="button" className="sync-mini" onClick={onOpen} title="Open the Archive view">
      {body}
    </button>
  );
}
