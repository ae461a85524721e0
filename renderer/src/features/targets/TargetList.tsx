import type { Target } from '../../../../preload/contract';
import { TargetItem, type Removal } from './TargetItem';

export function TargetList({ targets, onRemoved }: { readonly targets: readonly Target[]; readonly onRemoved: (removal: Removal) => void }) {
  return (
    <ul className="list" aria-label="People being archived">
      {targets.map((target) => (
        <TargetItem key={target.userId} target={target} onRemoved={onRemoved} />
      ))}
    </ul>
  );
}
