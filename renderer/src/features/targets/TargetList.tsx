import type { Target } from '../../../../preload/contract';
import { useAccounts } from '../accounts/use-accounts';
import { usePersonSummaries } from '../gallery/use-person-summaries';
import { TargetItem, type Removal } from './TargetItem';

interface Props {
  readonly targets: readonly Target[];
  readonly onRemoved: (removal: Removal) => void;
  readonly onOpen?: (target: Target) => void;
}

export function TargetList({ targets, onRemoved, onOpen }: Props) {
  const summaries = usePersonSummaries(targets.map((t) => t.userId));
  const { state: accounts } = useAccounts();
  return (
    <ul className="list" aria-label="People being archived">
      {targets.map((target) => (
        <TargetItem key={target.userId} target={target} summary={summaries.get(target.userId)} accounts={accounts.status === 'ready' ? accounts.data : []} onRemoved={onRemoved} onOpen={onOpen} />
      ))}
    </ul>
  );
}
