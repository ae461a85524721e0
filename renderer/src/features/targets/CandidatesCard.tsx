import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RequestOutput } from '../../../../preload/contract';
import { useRequest } from '../../api/use-request';
import { Avatar } from '../../ui/Avatar';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/ErrorState';
import { SearchIcon } from '../../ui/icons';
import { LoadingState } from '../../ui/LoadingState';
import { personName } from '../../ui/person-name';
import type { AddFailure } from './use-add-targets';

type Candidate = RequestOutput<'targets.candidates'>['items'][number];
type Source = 'contacts' | 'dialogs';

const TABS: readonly { source: Source; label: string; empty: string }[] = [
  { source: 'contacts', label: 'From contacts', empty: 'This account has no contacts to pick from.' },
  { source: 'dialogs', label: 'From chats', empty: 'This account has no private chats with people.' },
];

const NO_SCOPES = [] as const;

interface Props {
  /** People added on this screen: shown as archived without asking Telegram again. */
  readonly addedIds: ReadonlySet<number>;
  readonly pending: boolean;
  readonly onAdd: (people: readonly { userId: number; name: string }[]) => Promise<AddFailure[]>;
}

const nameOf = (c: Candidate) => personName(c.firstName, c.lastName, c.username ? `@${c.username}` : `User ${c.userId}`);

/** Pick people from the account's contacts or private chats: tabs, a filter, checkboxes. */
export function CandidatesCard({ addedIds, pending, onAdd }: Props) {
  const [tab, setTab] = useState<Source>('contacts');
  const [visited, setVisited] = useState<ReadonlySet<Source>>(() => new Set(['contacts']));
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<ReadonlyMap<number, string>>(new Map());
  const [failures, setFailures] = useState<readonly AddFailure[]>([]);
  const tabRefs = useRef<Record<Source, HTMLButtonElement | null>>({ contacts: null, dialogs: null });
  const id = useId();

  const choose = (source: Source) => {
    setTab(source);
    setVisited((v) => (v.has(source) ? v : new Set([...v, source])));
  };
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next: Source = tab === 'contacts' ? 'dialogs' : 'contacts';
    choose(next);
    tabRefs.current[next]?.focus();
  };
  const toggle = (candidate: Candidate, on: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(candidate.userId, nameOf(candidate));
      else next.delete(candidate.userId);
      return next;
    });
  };
  async function add() {
    const people = [...selected].map(([userId, name]) => ({ userId, name }));
    if (people.length === 0 || pending) return;
    const failed = await onAdd(people);
    setFailures(failed);
    setSelected(new Map(failed.map((f) => [f.userId, f.name])));
  }

  return (
    <section className="wizard-card candidates" aria-label="Pick from your contacts and chats">
      <header className="wizard-card__header">
        <span className="wizard-card__eyebrow">Pick from Telegram</span>
        <h2 className="wizard-card__title">From your contacts and chats</h2>
      </header>
      <div className="candidates__bar">
        <div className="tabs" role="tablist" aria-label="Where to pick from">
          {TABS.map((t) => (
            <button
              key={t.source}
              ref={(el) => {
                tabRefs.current[t.source] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-${t.source}-tab`}
              aria-controls={`${id}-${t.source}`}
              aria-selected={tab === t.source}
              tabIndex={tab === t.source ? 0 : -1}
              className="tabs__tab"
              onClick={() => choose(t.source)}
              onKeyDown={onTabKey}
            >
              {t.label}
            </button>
          ))}
        </div>
        <label className="search">
          <span className="search__icon" aria-hidden="true">
            <SearchIcon size={15} />
          </span>
          <span className="visually-hidden">Search by name or username</span>
          <input
            className="input search__input"
            type="search"
            placeholder="Search by name or @username"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
      </div>
      {TABS.map((t) => (
        <div key={t.source} id={`${id}-${t.source}`} role="tabpanel" aria-labelledby={`${id}-${t.source}-tab`} hidden={tab !== t.source}>
          {visited.has(t.source) && (
            <CandidateList source={t.source} empty={t.empty} filter={filter} addedIds={addedIds} selected={selected} disabled={pending} onToggle={toggle} />
          )}
        </div>
      ))}
      {failures.length > 0 && (
        <div className="wizard-card__alert" role="alert">
          <p className="wizard-card__alert-title">
            {failures.length === 1 ? `${failures[0]!.name} was not added.` : `${failures.length} people were not added.`}
          </p>
          <ul className="candidates__failures">
            {failures.map((f) => (
              <li key={f.userId}>
                {failures.length > 1 && <strong>{f.name}: </strong>}
                {f.error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <footer className="wizard-card__footer">
        <span className="wizard-card__footer-note" aria-live="polite">
          {selected.size === 0 ? 'Tick the people to archive.' : `${selected.size} selected`}
        </span>
        <Button variant="primary" disabled={selected.size === 0 || pending} aria-busy={pending} onClick={() => void add()}>
          {pending ? 'Adding…' : selected.size > 1 ? `Add ${selected.size} people` : 'Add to archive'}
        </Button>
      </footer>
    </section>
  );
}

interface ListProps {
  readonly source: Source;
  readonly empty: string;
  readonly filter: string;
  readonly addedIds: ReadonlySet<number>;
  readonly selected: ReadonlyMap<number, string>;
  readonly disabled: boolean;
  readonly onToggle: (candidate: Candidate, on: boolean) => void;
}

function matches(candidate: Candidate, words: readonly string[]): boolean {
  const haystack = `${candidate.firstName} ${candidate.lastName} ${candidate.username ?? ''} @${candidate.username ?? ''}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

function CandidateList({ source, empty, filter, addedIds, selected, disabled, onToggle }: ListProps) {
  const input = useMemo(() => ({ source }), [source]);
  const { state, reload } = useRequest('targets.candidates', input, NO_SCOPES);
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);

  if (state.status === 'loading') return <LoadingState label={source === 'contacts' ? 'Loading your contacts…' : 'Loading your chats…'} rows={4} />;
  if (state.status === 'error') return <ErrorState title={source === 'contacts' ? "Couldn't load your contacts." : "Couldn't load your chats."} error={state.error} onRetry={reload} />;
  const items = state.data.items;
  if (items.length === 0) return <p className="candidates__empty">{empty}</p>;
  const shown = items.filter((c) => matches(c, words));
  if (shown.length === 0) return <p className="candidates__empty">No one matches “{filter.trim()}”.</p>;
  return (
    <ul className="candidates__list" aria-label={source === 'contacts' ? 'Contacts' : 'Chats'}>
      {shown.map((candidate) => {
        const name = nameOf(candidate);
        const archived = candidate.isTarget || addedIds.has(candidate.userId);
        return (
          <li key={candidate.userId} className={archived ? 'candidate candidate--archived' : 'candidate'}>
            <label className="candidate__label">
              <input
                type="checkbox"
                className="candidate__check"
                checked={archived || selected.has(candidate.userId)}
                disabled={archived || disabled}
                onChange={(e) => onToggle(candidate, e.target.checked)}
                aria-label={archived ? `${name} (already archived)` : name}
              />
              <Avatar id={candidate.userId} name={name} preview={candidate.avatar} />
              <span className="list-item__body">
                <span className="list-item__title">{name}</span>
                {candidate.username && name !== `@${candidate.username}` && <span className="list-item__meta">@{candidate.username}</span>}
              </span>
              {archived && <Badge tone="success">Already archived</Badge>}
            </label>
          </li>
        );
      })}
    </ul>
  );
}
