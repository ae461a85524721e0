import type { Target } from '../../../../preload/contract';
import { useAccounts } from '../accounts/use-accounts';
import { PageHeader } from '../../ui/PageHeader';
import { TargetsSection } from './TargetsSection';

export function PeoplePage({ onAddPeople, onOpenPerson }: { readonly onAddPeople: () => void; readonly onOpenPerson: (target: Target) => void }) {
  const accounts = useAccounts();
  const accountCount = accounts.state.status === 'ready' ? accounts.state.data.length : null;
  return (
    <>
      <PageHeader title="People" subtitle="Everyone whose profile photos are archived." />
      <TargetsSection accountCount={accountCount} onAddPeople={onAddPeople} onOpenPerson={onOpenPerson} />
    </>
  );
}
