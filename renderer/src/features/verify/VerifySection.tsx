import { useState } from 'react';
import type { AppError, RequestOutput } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/ErrorState';
import { Section } from '../../ui/Section';
import { describeReport } from './describe-report';
import './verify.css';

type Report = RequestOutput<'archive.verify'>;
type State = { readonly step: 'idle' } | { readonly step: 'running'; readonly heal: boolean } | { readonly step: 'done'; readonly report: Report } | { readonly step: 'error'; readonly error: AppError };

/** Checks every archived file against its recorded hash and fetches damaged or missing ones again. */
export function VerifySection() {
  const api = useApi();
  const [state, setState] = useState<State>({ step: 'idle' });
  const run = async (heal: boolean): Promise<void> => {
    setState({ step: 'running', heal });
    const outcome = await api.settle('archive.verify', { heal });
    setState(outcome.ok ? { step: 'done', report: outcome.value } : { step: 'error', error: outcome.error });
  };
  const running = state.step === 'running';
  return (
    <Section
      title="Check the archive"
      description="Reads every photo and video again and compares it with what was downloaded. Damaged or missing files are fetched again from Telegram; photos Telegram no longer has are listed as lost and kept."
      busy={running}
      aside={
        <div className="verify__actions">
          <Button variant="secondary" disabled={running} onClick={() => void run(false)}>
            Check only
          </Button>
          <Button variant="primary" disabled={running} onClick={() => void run(true)}>
            Check and repair
          </Button>
        </div>
      }
    >
      {state.step === 'running' && <p role="status" className="verify__running">{state.heal ? 'Checking and repairing…' : 'Checking…'}</p>}
      {state.step === 'error' && <ErrorState title="The check could not run." error={state.error} onRetry={() => void run(false)} />}
      {state.step === 'done' && (
        <div role="status" className="verify__report">
          {describeReport(state.report).map((line) => (
            <p key={line.text} className={`verify__line verify__line--${line.tone}`}>
              {line.text}
            </p>
          ))}
          {state.report.lost.length > 0 && (
            <ul className="verify__list" aria-label="Lost files">
              {state.report.lost.map((p) => (
                <li key={`${p.photoId}-${p.sizeType}`}>
                  <code>{p.path}</code> ({p.problem})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Section>
  );
}
