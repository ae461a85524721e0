import { useEffect, useState } from 'react';
import type { Account, Target } from '../../../preload/contract';
import { useApi } from '../api/api-context';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { SessionEndedBanner, type SessionEnded } from '../features/accounts/SessionEndedBanner';
import { ExportPage } from '../features/export/ExportPage';
import { LoginPage } from '../features/login/LoginPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useTheme } from '../features/settings/use-theme';
import { SyncProvider } from '../features/sync/SyncProvider';
import { GalleryPage } from '../features/gallery/GalleryPage';
import { PersonPage } from '../features/gallery/PersonPage';
import { AddPeoplePage } from '../features/targets/AddPeoplePage';
import { PeoplePage } from '../features/targets/PeoplePage';
import { OverviewPage } from './OverviewPage';
import { Sidebar } from './Sidebar';
import type { View } from './views';
import './app.css';

export function App({ initialView = 'overview' }: { readonly initialView?: View }) {
  const api = useApi();
  useTheme();
  const [view, setView] = useState<View>(initialView);
  /** Where "Add people" returns to: the screen it was opened from. */
  const [addFrom, setAddFrom] = useState<View>('overview');
  const [relogin, setRelogin] = useState<Account | null>(null);
  const [person, setPerson] = useState<Target | null>(null);
  const [ended, setEnded] = useState<readonly SessionEnded[]>([]);

  // Sessions Telegram ended: one banner per account until dismissed or logged in again.
  useEffect(
    () =>
      api.on('accounts.sessionEnded', (event) => {
        setEnded((current) => [...current.filter((e) => e.accountId !== event.accountId), event]);
      }),
    [api],
  );
  // A notification about a person was clicked in the system: main asks to show them.
  useEffect(
    () =>
      api.on('app.navigate', (request) => {
        setRelogin(null);
        if (request.view === 'person') setPerson(request.target);
        setView(request.view);
      }),
    [api],
  );
  const dismiss = (accountId: number) => setEnded((current) => current.filter((e) => e.accountId !== accountId));

  const navigate = (next: View) => {
    setRelogin(null);
    setView(next);
  };
  const connectAccount = () => navigate('login');
  const loginAgain = (account: Account) => {
    dismiss(account.id);
    setRelogin(account);
    setView('login');
  };
  const addPeople = () => {
    setAddFrom(view === 'people' ? 'people' : 'overview');
    navigate('add-people');
  };
  const back = () => navigate('overview');
  const openPerson = (target: Target) => {
    setPerson(target);
    navigate('person');
  };
  return (
    <SyncProvider>
      <div className="app">
        <Sidebar view={view} onNavigate={navigate} />
        <main className="app__main" key={view}>
          {ended.length > 0 && view !== 'login' && (
            <div className="app__banners">
              {ended.map((e) => (
                <SessionEndedBanner key={e.accountId} ended={e} onLogin={loginAgain} onDismiss={() => dismiss(e.accountId)} />
              ))}
            </div>
          )}
          {view === 'overview' && <OverviewPage onConnectAccount={connectAccount} onAddPeople={addPeople} onLogin={loginAgain} />}
          {view === 'accounts' && <AccountsPage onConnectAccount={connectAccount} onLogin={loginAgain} />}
          {view === 'gallery' && <GalleryPage />}
          {view === 'people' && <PeoplePage onAddPeople={addPeople} onOpenPerson={openPerson} />}
          {view === 'person' && person && <PersonPage target={person} onBack={() => navigate('people')} />}
          {view === 'settings' && <SettingsPage />}
          {view === 'export' && <ExportPage />}
          {view === 'login' && <LoginPage relogin={relogin} onFinish={back} onBack={back} />}
          {view === 'add-people' && <AddPeoplePage onBack={() => navigate(addFrom)} onArchiving={() => navigate('overview')} />}
        </main>
      </div>
    </SyncProvider>
  );
}
