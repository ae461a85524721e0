import { useRequest } from '../../api/use-request';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { Section } from '../../ui/Section';
import { VerifySection } from '../verify/VerifySection';
import './settings.css';

const NO_INPUT = {};
const NO_SCOPES = [] as const;

/** For now: where the archive lives and which version is running. Preferences come later. */
export function SettingsPage() {
  const { state, reload } = useRequest('app.info', NO_INPUT, NO_SCOPES);
  return (
    <>
      <PageHeader title="Settings" subtitle="Schedules, downloads and export settings will be here." />
      <Section title="About this archive">
        {state.status === 'loading' && <LoadingState label="Loading…" rows={1} />}
        {state.status === 'error' && <ErrorState title="Couldn't read the app details." error={state.error} onRetry={reload} />}
        {state.status === 'ready' && (
          <dl className="facts">
            <dt>Archive folder</dt>
            <dd>
              <code>{state.data.archiveDir}</code>
            </dd>
            <dt>Version</dt>
            <dd>{state.data.version}</dd>
            <dt>Platform</dt>
            <dd>{state.data.platform}</dd>
          </dl>
        )}
      </Section>
      <VerifySection />
    </>
  );
}
