import type { Account } from '../../../../preload/contract';
import { Badge, type BadgeTone } from '../../ui/Badge';

const LOOK: Record<Account['status'], { tone: BadgeTone; label: string }> = {
  active: { tone: 'success', label: 'Active' },
  needs_login: { tone: 'warning', label: 'Needs login' },
  logged_out: { tone: 'neutral', label: 'Logged out' },
};

export function AccountStatusBadge({ status }: { readonly status: Account['status'] }) {
  const { tone, label } = LOOK[status];
  return <Badge tone={tone}>{label}</Badge>;
}
