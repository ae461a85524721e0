import { Placeholder } from '../../ui/Placeholder';

/** Stands in for choosing people to archive, which is built separately. */
export function AddPeoplePlaceholder({ onBack }: { readonly onBack: () => void }) {
  return (
    <Placeholder title="Add people to archive" onBack={onBack}>
      <p>
        Choosing people comes next: pick them from your contacts or find them by @username, and the archive will keep every current and past
        profile photo of theirs.
      </p>
    </Placeholder>
  );
}
