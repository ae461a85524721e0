/** The app's screens. Navigation is in-memory: the window has no address bar to keep in sync. */
export type View = 'overview' | 'gallery' | 'accounts' | 'people' | 'person' | 'settings' | 'login' | 'add-people' | 'export';

export interface Navigation {
  readonly view: View;
  readonly navigate: (view: View) => void;
}
