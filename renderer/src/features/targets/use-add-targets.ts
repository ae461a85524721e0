import { useCallback, useRef, useState } from 'react';
import type { AppError, RequestOutput } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';

export type AddedTarget = RequestOutput<'targets.add'>;

export interface AddFailure {
  readonly userId: number;
  readonly name: string;
  readonly error: AppError;
}

export interface AddTargets {
  /** People added on this screen, oldest first (each once). */
  readonly added: readonly AddedTarget[];
  readonly pending: 'query' | 'picked' | null;
  /** Adds by what was typed; resolves with main's error, or null when added. */
  addQuery(query: string): Promise<AppError | null>;
  /** Adds the people picked from a list, one after the other; resolves with those that failed. */
  addPicked(people: readonly { userId: number; name: string }[]): Promise<AddFailure[]>;
}

/** Adding people through targets.add, and what was added so far (for "Archive now"). */
export function useAddTargets(): AddTargets {
  const api = useApi();
  const [added, setAdded] = useState<readonly AddedTarget[]>([]);
  const [pending, setPending] = useState<'query' | 'picked' | null>(null);
  const busy = useRef(false);

  const remember = useCallback((target: AddedTarget) => {
    setAdded((current) => [...current.filter((t) => t.userId !== target.userId), target]);
  }, []);

  const addQuery = useCallback(
    async (query: string): Promise<AppError | null> => {
      if (busy.current) return null;
      busy.current = true;
      setPending('query');
      const outcome = await api.settle('targets.add', { query });
      busy.current = false;
      setPending(null);
      if (!outcome.ok) return outcome.error;
      remember(outcome.value);
      return null;
    },
    [api, remember],
  );

  const addPicked = useCallback(
    async (people: readonly { userId: number; name: string }[]): Promise<AddFailure[]> => {
      if (busy.current) return [];
      busy.current = true;
      setPending('picked');
      const failures: AddFailure[] = [];
      for (const person of people) {
        const outcome = await api.settle('targets.add', { userId: person.userId });
        if (outcome.ok) remember(outcome.value);
        else failures.push({ ...person, error: outcome.error });
      }
      busy.current = false;
      setPending(null);
      return failures;
    },
    [api, remember],
  );

  return { added, pending, addQuery, addPicked };
}
