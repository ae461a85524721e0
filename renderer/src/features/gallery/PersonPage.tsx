import { useMemo, useState } from 'react';
import type { Target } from '../../../../preload/contract';
import { useRequest } from '../../api/use-request';
import { Avatar } from '../../ui/Avatar';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { personName } from '../../ui/person-name';
import { RelativeTime } from '../../ui/RelativeTime';
import { ALL_PHOTOS } from './GalleryFilters';
import { GalleryView } from './GalleryView';
import { identityChanges } from './grid-rows';
import { PersonStatus } from './PersonStatus';
import { usePersonSummaries } from './use-person-summaries';

const count = new Intl.NumberFormat();
const SCOPES = ['targets'] as const;

/** One person: their current photo and identity, then their timeline by year with the changes of name, username and bio. */
export function PersonPage({ target, onBack }: { readonly target: Target; readonly onBack: () => void }) {
  const name = personName(target.firstName, target.lastName, target.username ? `@${target.username}` : `User ${target.userId}`);
  const [filter, setFilter] = useState(ALL_PHOTOS);
  const summary = usePersonSummaries([target.userId]).get(target.userId);
  const identity = useRequest('people.identity', { userId: target.userId }, SCOPES);
  const history = identity.state.status === 'ready' ? identity.state.data.items : null;
  const changes = useMemo(() => (history ? identityChanges(history) : []), [history]);
  const bio = history?.findLast((s) => s.bio !== null)?.bio ?? null;

  return (
    <div className="person-page">
      <Button variant="ghost" className="button--small person-page__back" onClick={onBack}>
        ← People
      </Button>
      <header className="person-header">
        <Avatar id={target.userId} name={name} photo={summary?.avatar} size="large" />
        <div className="person-header__body">
          <h1 className="person-header__name">{name}</h1>
          {target.username && <p className="person-header__username">@{target.username}</p>}
          {bio && <p className="person-header__bio">{bio}</p>}
          <p className="person-header__counts">
            {summary ? (
              <>
                {count.format(summary.photos)} photos · {count.format(summary.videos)} videos · {count.format(summary.removed)} removed
                {summary.lastArchivedAt !== null && (
                  <>
                    {' · '}
                    <RelativeTime ms={summary.lastArchivedAt} prefix="last archived" />
                  </>
                )}
              </>
            ) : (
              'Counting…'
            )}
          </p>
          <div className="person-header__badges">
            {target.paused && <Badge tone="neutral">Paused</Badge>}
            {summary && <PersonStatus summary={summary} />}
          </div>
        </div>
      </header>
      <GalleryView
        userId={target.userId}
        grouping="year"
        changes={changes}
        filter={filter}
        onFilter={setFilter}
        label={`Photos of ${name}`}
        emptyText={`No photos of ${name} are archived yet.`}
      />
    </div>
  );
}
