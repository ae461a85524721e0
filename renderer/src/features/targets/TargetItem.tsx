import type { Target } from '../../../../preload/contract';
import { Avatar } from '../../ui/Avatar';
import { Badge } from '../../ui/Badge';
import { personName } from '../../ui/person-name';
import { RelativeTime } from '../../ui/RelativeTime';

export function TargetItem({ target }: { readonly target: Target }) {
  const name = personName(target.firstName, target.lastName, target.username ? `@${target.username}` : `User ${target.userId}`);
  return (
    <li className="list-item" aria-label={name}>
      <Avatar id={target.userId} name={name} />
      <div className="list-item__body">
        <span className="list-item__title">{name}</span>
        <span className="list-item__meta">
          {target.username && name !== `@${target.username}` && <span>@{target.username}</span>}
          <RelativeTime ms={target.addedAt} prefix="Added" />
        </span>
      </div>
      {target.paused && <Badge tone="neutral">Paused</Badge>}
    </li>
  );
}
