import { useState } from 'react';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { LoginPlaceholder } from '../features/login/LoginPlaceholder';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AddPeoplePlaceholder } from '../features/targets/AddPeoplePlaceholder';
import { PeoplePage } from '../features/targets/PeoplePage';
import { OverviewPage } from './OverviewPage';
import { Sidebar } from './Sidebar';
import type { View } from './views';
import './app.css';

export function App({ initialView = 'overview' }: { readonly initialView?: View }) {
  const [view, setView] = useState<View>(initialView);
  const connectAccount = () => setView('login');
  const addPeople = () => setView('add-people');
  const back = () => setView('overview');
  return (
    <div className="app">
      <Sidebar view={view} onNavigate={setView} />
      <main className="app__main" key={view}>
        {view === 'overview' && <OverviewPage onConnectAccount={connectAccount} onAddPeople={addPeople} />}
        {view === 'accounts' && <AccountsPage onConnectAccount={connectAccount} />}
        {view === 'people' && <PeoplePage onAddPeople={addPeople} />}
        {view === 'settings' && <SettingsPage />}
        {view === 'login' && <LoginPlaceholder onBack={back} />}
        {view === 'add-people' && <AddPeoplePlaceholder onBack={back} />}
      </main>
    </div>
  );
}
