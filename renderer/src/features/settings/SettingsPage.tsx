import { useRequest } from '../../api/use-request';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { Section } from '../../ui/Section';
import { PersonSchedules } from './PersonSchedules';
import { SettingsForm } from './SettingsForm';
import { VerifySection } from '../verify/VerifySection';
import './settings.css';

const NO_INPUT = {};
const NO_SCOPES = [] as const;

/** The schedule, downloads, notifications and app preferences; per-person intervals; where the archive lives. */
export function SettingsPage() {
  const settings = useRequest('settings.get', NO_INPUT, NO_SCOPES);
  const info = useRequest('app.info', NO_INPUT, NO_SCOPES);
  return (
    <>
      <PageHeader title="Settings" subtitle="Background archiving, downloads, notifications and the app." />
      {settings.state.status === 'loading' && <LoadingState label="Loading settings…" rows={3} />}
      {settings.state.status === 'error' && <ErrorState title="Couldn't read the settings." error={settings.state.error} onRetry={settings.reload} />}
      {settings.state.status === 'ready' && <SettingsForm settings={settings.state.data} />}
      <PersonSchedules />
      <Section title="About this archive">
        {info.state.status === 'loading' && <LoadingState label="Loading…" rows={1} />}
        {info.state.status === 'error' && <ErrorState title="Couldn't read the app details." error={info.state.error} onRetry={info.reload} />}
        {info.state.status === 'ready' && (
          <dl className="facts">
            <dt>Archive folder</dt>
            <dd>
              <code>{info.state.data.archiveDir}</code>
            </dd>
            <dt>Version</dt>
            <dd>{info.state.data.version}</dd>
            <dt>Platform</dt>
            <dd>{info.state.data.platform}</dd>
          </dl>
        )}
      </Section>
      <VerifySection />
    </>
  );
}
