import { SyncSidebarStatus } from '../features/sync/SyncSidebarStatus';
import type { View } from './views';
import './app.css';

const ITEMS: readonly { view: View; label: string; icon: string }[] = [
  { view: 'overview', label: 'Archive', icon: '◧' },
  { view: 'accounts', label: 'Accounts', icon: '◉' },
  { view: 'people', label: 'People', icon: '☺' },
  { view: 'gallery', label: 'Gallery', icon: '▦' },
  { view: 'export', label: 'Export', icon: '⇪' },
  { view: 'settings', label: 'Settings', icon: '⚙' },
];

/** Which sidebar entry a screen belongs to. */
const SECTION_OF: Record<View, View> = {
  overview: 'overview',
  gallery: 'gallery',
  person: 'people',
  accounts: 'accounts',
  login: 'accounts',
  people: 'people',
  'add-people': 'people',
  settings: 'settings',
  export: 'export',
};

export function Sidebar({ view, onNavigate }: { readonly view: View; readonly onNavigate: (view: View) => void }) {
  const current = SECTION_OF[view];
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true" />
        <span className="sidebar__name">Photo Archiver</span>
      </div>
      <nav aria-label="Main">
        <ul className="sidebar__nav">
          {ITEMS.map((item) => (
            <li key={item.view}>
              <button
                type="button"
                className="sidebar__link"
                aria-current={current === item.view ? 'page' : undefined}
                onClick={() => onNavigate(item.view)}
              >
                <span className="sidebar__icon" aria-hidden="true">
                  {item.icon}
                </span>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <SyncSidebarStatus onOpen={() => onNavigate('overview')} />
      </div>
    </aside>
  );
}
