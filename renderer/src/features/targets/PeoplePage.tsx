import { useAccounts } from '../accounts/use-accounts';
import { PageHeader } from '../../ui/PageHeader';
import { TargetsSection } from './TargetsSection';

export function PeoplePage({ onAddPeople }: { readonly onAddPeople: () => void }) {
  const accounts = useAccounts();
  const accountCount = accounts.state.status === 'ready' ? accounts.state.data.length : null;
  return (
    <>
      <PageHeader title="People" subtitle="Everyone whose profile photos are archived." />
      <TargetsSection accountCount={accountCount} onAddPeople={onAddPeople} />
    </>
  );
}
