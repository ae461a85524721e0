import type { Target } from '../../../../preload/contract';
import { TargetItem } from './TargetItem';

export function TargetList({ targets }: { readonly targets: readonly Target[] }) {
  return (
    <ul className="list" aria-label="People being archived">
      {targets.map((target) => (
        <TargetItem key={target.userId} target={target} />
      ))}
    </ul>
  );
}
