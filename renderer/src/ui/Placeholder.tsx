import type { ReactNode } from 'react';
import { Button } from './Button';
import { PageHeader } from './PageHeader';
import './ui.css';

interface Props {
  readonly title: string;
  readonly children: ReactNode;
  readonly onBack?: () => void;
}

/** A screen that is planned but not built yet: says what will be here. */
export function Placeholder({ title, children, onBack }: Props) {
  return (
    <>
      <PageHeader title={title} />
      <div className="placeholder">
        {children}
        {onBack && <Button onClick={onBack}>Back to the archive</Button>}
      </div>
    </>
  );
}
