import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { DownloadIcon, PauseIcon, PlayIcon } from '../../ui/icons';
import { RelativeTime } from '../../ui/RelativeTime';
import { Section } from '../../ui/Section';
import { FloodWaitNotice } from './FloodWaitNotice';
import { PHASE_TEXT, formatBytes, formatCount, formatDuration, percentDone, plural } from './format';
import { useSync, type RunSummary, type SyncProgress, type SyncStatus } from './sync-context';
import './sync.css';

/**
 * The archiver on the Archive view: "Archive now", the run under way (phase,
 * files, bytes, time left, Telegram's pauses) with Pause / Resume / Cancel,
 * and otherwise how the last run went; then what the archive holds.
 */
export function SyncPanel() {
  const sync = useSync();
  const { status, run, pending, actionError } = sync;
  const data = status.status === 'ready' ? status.data : null;
  const targets = data?.totals.targets ?? 0;

  let aside: ReactNode = null;
  if (run) {
    aside = (
      <>
        {run.state === 'paused' ? (
          <Button variant="primary" className="button--small" onClick={sync.resume} disabled={pending !== null}>
            <PlayIcon size={14} /> Resume
          </Button>
        ) : (
          <Button className="button--small" onClick={sync.pause} disabled={pending !== null}>
            <PauseIcon size={14} /> Pause
          </Button>
        )}
        <Button variant="ghost" className="button--small" onClick={sync.cancel} disabled={pending !== null}>
          Cancel
        </Button>
      </>
    );
  } else if (data) {
    aside = (
      <Button
        variant="primary"
        className="button--small"
        onClick={() => void sync.start()}
        disabled={pending !== null || targets === 0}
        aria-busy={pending === 'start'}
        title={targets === 0 ? 'Add people first' : undefined}
      >
        <DownloadIcon size={14} /> {pending === 'start' ? 'Starting…' : 'Archive now'}
      </Button>
    );
  }

  return (
    <Section
      title="Archiving"
      description="Fetches every new and past profile photo of the people in your archive."
      busy={status.status === 'loading'}
      aside={aside}
    >
      {actionError && (
        <div className="sync-alert" role="alert">
          <p className="sync-alert__title">That did not go through.</p>
          <p>{actionError.message}</p>
        </div>
      )}
      {status.status === 'loading' && !run && <div className="sync-body sync-body--loading" aria-hidden="true" />}
      {status.status === 'error' && !run && (
        // Quiet on purpose: the lists below show the same failure as alerts.
        <div className="sync-body sync-quiet-error">
          <span>Couldn't read the archive's status: {status.error.message}</span>
          <Button variant="ghost" className="button--small" onClick={sync.reload}>
            Try again
          </Button>
        </div>
      )}
      {run && <RunProgress run={run} />}
      {!run && data && <LastRun last={data.lastRun} targets={targets} />}
      {data && <Totals totals={data.totals} />}
    </Section>
  );
}

function RunProgress({ run }: { readonly run: SyncProgress }) {
  const percent = percentDone(run);
  const paused = run.state === 'paused';
  const facts = [
    run.targetsTotal > 0 ? `${formatCount(run.targetsDone)} of ${plural(run.targetsTotal, 'person', 'people')}` : null,
    plural(run.photosFound, 'photo found', 'photos found'),
    run.photosRemoved > 0 ? `${formatCount(run.photosRemoved)} no longer on their profile` : null,
    run.filesTotal > 0 ? `${formatCount(run.filesDownloaded)} of ${plural(run.filesTotal, 'file', 'files')}` : null,
    run.bytesDownloaded > 0 ? formatBytes(run.bytesDownloaded) : null,
    run.errors > 0 ? plural(run.errors, 'error', 'errors') : null,
  ].filter(Boolean);
  return (
    <div className="sync-body sync-run" aria-label="Archiving now" role="group">
      <div className="sync-run__head">
        <span className="sync-run__phase">
          {!paused && <span className="sync-run__pulse" aria-hidden="true" />}
          {paused ? 'Paused' : PHASE_TEXT[run.phase]}
        </span>
        {paused && <Badge tone="neutral">Paused</Badge>}
        <span className="sync-run__eta">
          {paused
            ? 'Resume to carry on where it stopped'
            : run.etaSeconds !== null && run.etaSeconds > 0
              ? `About ${formatDuration(run.etaSeconds)} left`
              : percent !== null
                ? `${percent}%`
                : ''}
        </span>
      </div>
      <div
        className={['progress', percent === null && !paused ? 'progress--indeterminate' : '', paused ? 'progress--paused' : ''].filter(Boolean).join(' ')}
        role="progressbar"
        aria-label="Files downloaded"
        aria-valuemin={0}
        aria-valuemax={run.filesTotal || undefined}
        aria-valuenow={percent === null ? undefined : run.filesDownloaded}
        aria-valuetext={percent === null ? 'Looking for photos' : `${formatCount(run.filesDownloaded)} of ${formatCount(run.filesTotal)} files`}
      >
        <span className="progress__bar" style={{ width: percent === null ? undefined : `${Math.max(percent, 1)}%` }} />
      </div>
      <p className="sync-run__facts">
        {facts.map((fact, i) => (
          <span key={i}>{fact}</span>
        ))}
      </p>
      {run.floodWait && !paused && <FloodWaitNotice floodWait={run.floodWait} />}
      {run.error && (
        <div className="sync-alert" role="alert">
          <p className="sync-alert__title">Archiving ran into a problem.</p>
          <p>{run.error.message}</p>
        </div>
      )}
    </div>
  );
}

const OUTCOME: Record<RunSummary['status'], { tone: BadgeTone; label: string }> = {
  running: { tone: 'info', label: 'Running elsewhere' },
  done: { tone: 'success', label: 'Completed' },
  cancelled: { tone: 'neutral', label: 'Cancelled' },
  failed: { tone: 'warning', label: 'Failed' },
  interrupted: { tone: 'warning', label: 'Interrupted' },
};

function LastRun({ last, targets }: { readonly last: RunSummary | null; readonly targets: number }) {
  if (!last) {
    return (
      <div className="sync-body sync-last sync-last--never">
        <p>
          {targets === 0
            ? 'Nothing to archive yet. Add people, then archive their profile photos.'
            : `Not archived yet. “Archive now” fetches every current and past profile photo of ${plural(targets, 'person', 'people')}.`}
        </p>
      </div>
    );
  }
  const outcome = OUTCOME[last.status];
  const facts = [
    plural(last.photosFound, 'photo found', 'photos found'),
    `${formatCount(last.photosRemoved)} removed from profiles`,
    plural(last.filesDownloaded, 'file', 'files'),
    formatBytes(last.bytesDownloaded),
    last.errors === 0 ? 'no errors' : plural(last.errors, 'error', 'errors'),
    last.floodWaits > 0 ? `Telegram asked to slow down ${plural(last.floodWaits, 'time', 'times')}` : null,
  ].filter(Boolean);
  return (
    <div className="sync-body sync-last" role="group" aria-label="Last run">
      <div className="sync-last__head">
        <span className="sync-last__title">Last run</span>
        <span className="sync-last__when">
          {last.finishedAt ? 'finished' : 'started'} <RelativeTime ms={last.finishedAt ?? last.startedAt} />
        </span>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
      </div>
      <p className="sync-run__facts">
        {facts.map((fact, i) => (
          <span key={i}>{fact}</span>
        ))}
      </p>
      {last.error && <p className="sync-last__error">{last.error}</p>}
    </div>
  );
}

function Totals({ totals }: { readonly totals: SyncStatus['totals'] }) {
  const notes = [
    totals.removed > 0 ? `${formatCount(totals.removed)} no longer on their profiles` : null,
    totals.hidden > 0 ? `${formatCount(totals.hidden)} hidden from you now` : null,
    totals.pendingPhotos > 0 ? `${plural(totals.pendingPhotos, 'photo', 'photos')} still to download` : null,
  ].filter(Boolean);
  return (
    <div className="sync-totals-wrap">
      <dl className="sync-totals" aria-label="In your archive">
        <Stat label="People" value={formatCount(totals.targets)} />
        <Stat label="Photos" value={formatCount(totals.photos)} />
        <Stat label="Files" value={formatCount(totals.files)} />
        <Stat label="On disk" value={formatBytes(totals.bytes)} />
      </dl>
      {notes.length > 0 && <p className="sync-totals__notes">{notes.join(' · ')}</p>}
    </div>
  );
}

function Stat({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <div className="sync-totals__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
