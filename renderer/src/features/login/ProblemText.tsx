import { formatCountdown } from '../../ui/format-countdown';
import { useRemaining } from '../../ui/clock';
import type { LoginProblem } from './use-login';

/**
 * A login problem's own sentence. When Telegram said when to try again, the
 * live countdown is on the step's button (see useRetryWait); once it ran out,
 * the sentence says so.
 */
export function ProblemText({ problem }: { readonly problem: LoginProblem }) {
  const left = useRemaining(problem.retryAt);
  return (
    <>
      {problem.message}
      {problem.retryAt != null && left === 0 && <> You can try again now.</>}
    </>
  );
}

/** While a flood wait runs: the label for the blocked button ("Try again in 1:14"); null otherwise. */
export function useRetryWait(problem: LoginProblem | null | undefined): string | null {
  const left = useRemaining(problem?.retryAt);
  return left > 0 ? `Try again in ${formatCountdown(left)}` : null;
}
