import type { AppError } from '../../../preload/contract';
import { Button } from './Button';
import './ui.css';

interface Props {
  readonly title: string;
  readonly error: AppError;
  readonly onRetry: () => void;
}

/** A failed load: what failed, main's own message and code, and a way to try again. */
export function ErrorState({ title, error, onRetry }: Props) {
  return (
    <div className="error-state" role="alert">
      <p className="error-state__title">{title}</p>
      <p className="error-state__message">{error.message}</p>
      <p className="error-state__code">
        Error code: <code>{error.code}</code>
      </p>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
