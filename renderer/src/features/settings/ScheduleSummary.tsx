import { useEffect, useState } from 'react';
import type { ScheduleStatus } from '../../../../preload/contract/settings';
import { useApi } from '../../api/api-context';
import { describeSchedule } from './describe-schedule';

/** What the scheduler does now and what is left of today's budget, kept current by schedule.status events. */
export function ScheduleSummary() {
  const api = useApi();
  const [status, setStatus] = useState<ScheduleStatus | null>(null);
  useEffect(() => {
    let current = true;
    void api.settle('schedule.status', {}).then((o) => {
      if (current && o.ok) setStatus(o.value);
    });
    const stop = api.on('schedule.status', (s) => setStatus(s));
    return () => {
      current = false;
      stop();
    };
  }, [api]);
  if (!status) return null;
  const { state, budget } = describeSchedule(status, new Date());
  return (
    <p className="settings__summary" aria-label="Schedule status">
      <span>{state}</span>
      <span>{budget}</span>
    </p>
  );
}
