/**
 * A stand-in for the parts of Electron's main-process API the shell uses,
 * written from Electron's documentation so that the real main/electron entry
 * can run under Node in an integration test. Each piece names the doc page it
 * follows (https://www.electronjs.org/docs/latest/api/...). What the docs
 * promise is enforced (registering schemes after 'ready' throws, a second
 * ipcMain.handle for a channel throws, will-quit can be prevented, ...), so a
 * shell that breaks those rules fails here too.
 *
 * Test-side controls (not Electron API) are the methods of ElectronFake:
 * ready(), launchAgain(), invokeFromFrame(), navigateFromPage(), suspend(),
 * resume(), and FakeTray.choose() / FakeNotification.click() ...
 */
import { EventEmitter } from 'node:events';

/** Electron's Event: listeners may call preventDefault(). */
export interface FakeEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

function newEvent(): FakeEvent {
  let prevented = false;
  return {
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

/**
 * WebFrameMain (api/web-frame-main.md): `url`, `parent` (null for a top-level
 * frame), `top`, `frames`. Test code attaches iframes with ElectronFake.attachFrame.
 */
export class FakeWebFrameMain {
  readonly frames: FakeWebFrameMain[] = [];
  constructor(
    public url: string,
    readonly parent: FakeWebFrameMain | null,
  ) {}
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
}

/**
 * webContents (api/web-contents.md): loadURL resolves on 'did-finish-load' and
 * rejects on 'did-fail-load'; 'will-navigate' is emitted for navigations the
 * page starts, not for loadURL; send() delivers to the page's ipcRenderer;
 * setWindowOpenHandler decides window.open and target=_blank links.
 */
export class FakeWebContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  readonly mainFrame = new FakeWebFrameMain('', null);
  /** Everything main sent to the page: [channel, ...args]. */
  readonly sent: unknown[][] = [];
  /** The last response the page was loaded from (status, headers, text). */
  page: { url: string; status: number; headers: Headers; text: string } | null = null;
  #destroyed = false;
  #windowOpenHandler: WindowOpenHandler | null = null;

  constructor(readonly electron: ElectronFake) {
    super();
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    this.#destroyed = true;
    this.emit('destroyed');
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    // Arguments are serialized with the Structured Clone Algorithm: functions and the like cannot be sent.
    this.sent.push([channel, ...args.map((arg) => structuredClone(arg))]);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#windowOpenHandler = handler;
  }

  windowOpenHandler(): WindowOpenHandler | null {
    return this.#windowOpenHandler;
  }

  async loadURL(url: string): Promise<void> {
    this.emit('did-start-loading');
    let response: Response;
    try {
      response = await this.electron.protocol.fetchForPage(url);
    } catch (error) {
      this.emit('did-fail-load', newEvent(), -6, (error as Error).message, url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`, { cause: error });
    }
    const text = await response.text();
    this.page = { url, status: response.status, headers: response.headers, text };
    this.mainFrame.url = url;
    this.mainFrame.frames.length = 0;
    this.emit('dom-ready');
    this.emit('did-finish-load');
  }
}

/** BrowserWindow (api/browser-window.md). */
export class FakeBrowserWindow extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeBrowserWindow.#nextId++;
  readonly webContents: FakeWebContents;
  #visible: boolean;
  #minimized = false;
  #destroyed = false;
  focused = false;

  constructor(
    readonly electron: ElectronFake,
    readonly options: Record<string, unknown> = {},
  ) {
    super();
    if (!electron.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.#visible = options['show'] !== false;
    this.webContents = new FakeWebContents(electron);
    electron.windows.push(this);
    electron.app.emit('web-contents-created', newEvent(), this.webContents);
    electron.app.emit('browser-window-created', newEvent(), this);
    // 'ready-to-show': the renderer has rendered the page for the first time.
    this.webContents.once('did-finish-load', () => this.emit('ready-to-show', newEvent()));
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  isVisible(): boolean {
    return this.#visible && !this.#minimized;
  }

  isMinimized(): boolean {
    return this.#minimized;
  }

  show(): void {
    this.#visible = true;
    this.#minimized = false;
    this.focused = true;
    this.emit('show');
  }

  hide(): void {
    this.#visible = false;
    this.emit('hide');
  }

  minimize(): void {
    this.#minimized = true;
    this.emit('minimize');
  }

  restore(): void {
    this.#minimized = false;
    this.emit('restore');
  }

  focus(): void {
    this.focused = true;
    this.emit('focus');
  }

  /** Like a click on the close button: 'close' can be prevented; then 'closed'. */
  close(): void {
    if (this.#destroyed) return;
    const event = newEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  /** Force closing: no 'close' event, 'closed' still fires. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroy();
    this.electron.windows.splice(this.electron.windows.indexOf(this), 1);
    this.emit('closed');
    this.electron.app.onWindowClosed();
  }
}

/**
 * app (api/app.md). quit(): 'before-quit' (preventable), every window gets
 * 'close' (a prevented close cancels the quit), then 'will-quit'
 * (preventable), 'quit', exit. 'window-all-closed' is not emitted on quit;
 * otherwise, with no listener, closing the last window quits. exit(): none of
 * the quit events. requestSingleInstanceLock() is false when another instance
 * holds the lock.
 */
export class FakeApp extends EventEmitter {
  isPackaged = false;
  /** How the process ended: the exit code, once app.exit or a quit finished. */
  readonly exited: Promise<number>;
  exitCode: number | null = null;
  relaunched: { args?: string[] } | null = null;
  #resolveExit!: (code: number) => void;
  #ready = false;
  #readyWaiters: Array<() => void> = [];
  #quitting = false;
  #paths: Map<string, string>;

  constructor(
    readonly electron: ElectronFake,
    paths: Record<string, string>,
    readonly version: string,
  ) {
    super();
    this.#paths = new Map(Object.entries(paths));
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
  }

  getVersion(): string {
    return this.version;
  }

  getName(): string {
    return 'Photo Archiver for Telegram';
  }

  /** Throws for an unknown name, as Electron does. */
  getPath(name: string): string {
    const value = this.#paths.get(name);
    if (value === undefined) throw new Error(`Failed to get '${name}' path`);
    return value;
  }

  setPath(name: string, value: string): void {
    this.#paths.set(name, value);
  }

  isReady(): boolean {
    return this.#ready;
  }

  whenReady(): Promise<void> {
    return this.#ready ? Promise.resolve() : new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  markReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.emit('will-finish-launching');
    this.emit('ready', newEvent(), {});
    for (const waiter of this.#readyWaiters.splice(0)) waiter();
  }

  requestSingleInstanceLock(): boolean {
    return !this.electron.lockHeldElsewhere;
  }

  quit(): void {
    if (this.exitCode !== null) return;
    const before = newEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.#quitting = true;
    for (const window of [...this.electron.windows]) {
      window.close();
      if (!window.isDestroyed()) {
        this.#quitting = false; // a window refused to close: the quit is cancelled
        return;
      }
    }
    const willQuit = newEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    this.emit('quit', newEvent(), 0);
    this.#finish(0);
  }

  exit(code = 0): void {
    if (this.exitCode !== null) return;
    for (const window of [...this.electron.windows]) window.destroy();
    this.#finish(code);
  }

  relaunch(options: { args?: string[] } = {}): void {
    this.relaunched = options;
  }

  /**
   * setLoginItemSettings / getLoginItemSettings (api/app.md): _macOS_ and
   * _Windows_ only (electron.d.ts `@platform darwin,win32`); the stand-in
   * throws on another platform so a shell that calls them on Linux fails here.
   * `args` are Windows', `openAsHidden` macOS' (deprecated from macOS 13).
   */
  setLoginItemSettings(settings: { openAtLogin?: boolean; openAsHidden?: boolean; path?: string; args?: string[] }): void {
    this.#requireLoginItems('setLoginItemSettings');
    this.loginItem = {
      openAtLogin: settings.openAtLogin ?? false,
      ...(this.electron.platform === 'win32' ? { path: settings.path ?? process.execPath, args: settings.args ?? [] } : {}),
      ...(this.electron.platform === 'darwin' ? { openAsHidden: settings.openAsHidden ?? false } : {}),
    };
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean; openAsHidden: boolean; wasOpenedAsHidden: boolean } {
    this.#requireLoginItems('getLoginItemSettings');
    return {
      openAtLogin: this.loginItem.openAtLogin,
      openAsHidden: this.loginItem.openAsHidden ?? false,
      wasOpenedAtLogin: this.electron.openedAtLogin && this.electron.platform === 'darwin',
      wasOpenedAsHidden: false,
    };
  }

  /** What setLoginItemSettings stored (the OS's login item list, for the test). */
  loginItem: { openAtLogin: boolean; openAsHidden?: boolean; path?: string; args?: string[] } = { openAtLogin: false };

  #requireLoginItems(method: string): void {
    if (this.electron.platform !== 'darwin' && this.electron.platform !== 'win32') throw new TypeError(`app.${method} is not a function`);
  }

  onWindowClosed(): void {
    if (this.electron.windows.length > 0 || this.#quitting || this.exitCode !== null) return;
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }

  #finish(code: number): void {
    this.exitCode = code;
    this.#resolveExit(code);
  }
}

/**
 * protocol (api/protocol.md): registerSchemesAsPrivileged only before 'ready';
 * handle() only after, once per scheme; the handler gets a web Request and
 * answers a web Response.
 */
export class FakeProtocol {
  readonly privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  readonly #handlers = new Map<string, ProtocolHandler>();

  constructor(readonly electron: ElectronFake) {}

  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (this.electron.app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    if (!this.electron.app.isReady()) throw new Error('protocol.handle should be called after app is ready');
    if (this.#handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.#handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    this.#handlers.delete(scheme);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.#handlers.has(scheme);
  }

  /** What a page's request to `url` gets (test side, and loadURL). Only handled schemes answer: nothing here reaches a network. */
  async fetchForPage(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.#handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${scheme}`);
    return handler(new Request(url, init));
  }
}

/** ipcMain (api/ipc-main.md): one handle() per channel; the event carries sender and senderFrame. */
export class FakeIpcMain extends EventEmitter {
  readonly #handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  handlerFor(channel: string): InvokeHandler | undefined {
    return this.#handlers.get(channel);
  }
}

/**
 * safeStorage (api/safe-storage.md), the asynchronous API: available only
 * after 'ready'; encryptStringAsync gives bytes that do not contain the text;
 * decryptStringAsync rejects bytes it did not produce and answers
 * {result, shouldReEncrypt}. getSelectedStorageBackend is Linux's.
 */
export class FakeSafeStorage {
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet6' = 'gnome_libsecret';
  readonly #key = Buffer.from('fake-os-keychain-key');
  static readonly MAGIC = Buffer.from('v11');

  constructor(readonly electron: ElectronFake) {}

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.electron.app.isReady();
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.electron.app.isReady()) throw new Error('Encryption is not available.');
    const bytes = Buffer.from(plainText, 'utf8');
    return Buffer.concat([FakeSafeStorage.MAGIC, this.#xor(bytes)]);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (!encrypted.subarray(0, 3).equals(FakeSafeStorage.MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: this.#xor(encrypted.subarray(3)).toString('utf8'), shouldReEncrypt: false };
  }

  #xor(bytes: Buffer): Buffer {
    return Buffer.from(bytes.map((byte, i) => byte ^ this.#key[i % this.#key.length]!));
  }
}

/**
 * MenuItem (api/menu-item.md): built from a template entry; `click(menuItem,
 * window, event)` runs when the item is clicked; `checked` flips by itself for
 * a checkbox before the click handler runs; a disabled item cannot be clicked.
 */
export class FakeMenuItem {
  readonly id: string | undefined;
  readonly label: string;
  readonly type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  readonly #click: ((item: FakeMenuItem, window: unknown, event: unknown) => void) | undefined;

  constructor(options: { id?: string; label?: string; type?: FakeMenuItem['type']; enabled?: boolean; visible?: boolean; checked?: boolean; click?: (item: FakeMenuItem, window: unknown, event: unknown) => void; role?: string }) {
    this.id = options.id;
    this.label = options.label ?? '';
    this.type = options.type ?? 'normal';
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.#click = options.click;
  }

  /** A click by the person (test side). */
  click(): void {
    if (!this.enabled || !this.visible || this.type === 'separator') throw new Error(`menu item "${this.label}" cannot be clicked`);
    if (this.type === 'checkbox') this.checked = !this.checked;
    this.#click?.(this, null, { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false });
  }
}

/** Menu (api/menu.md): Menu.buildFromTemplate, menu.items, menu.getMenuItemById. */
export class FakeMenu extends EventEmitter {
  readonly items: FakeMenuItem[] = [];

  static buildFromTemplate(template: Array<ConstructorParameters<typeof FakeMenuItem>[0] | FakeMenuItem>): FakeMenu {
    const menu = new FakeMenu();
    for (const entry of template) menu.items.push(entry instanceof FakeMenuItem ? entry : new FakeMenuItem(entry));
    return menu;
  }

  getMenuItemById(id: string): FakeMenuItem | null {
    return this.items.find((item) => item.id === id) ?? null;
  }
}

/**
 * Tray (api/tray.md): created after 'ready' with an image (a path or a
 * NativeImage); setToolTip, setContextMenu (on Linux a changed menu shows only
 * once set again, so the stand-in keeps what was last set), setImage,
 * destroy. The test clicks with click() or the menu's items.
 */
export class FakeTray extends EventEmitter {
  tooltip = '';
  image: unknown;
  contextMenu: FakeMenu | null = null;
  #destroyed = false;

  constructor(
    readonly electron: ElectronFake,
    image: unknown,
  ) {
    super();
    if (!electron.app.isReady()) throw new Error('Tray can only be created after the ready event');
    if (image === undefined || image === null || image === '') throw new TypeError('Error processing argument at index 0, conversion failure');
    this.image = image;
    electron.trays.push(this);
  }

  setToolTip(toolTip: string): void {
    this.#alive();
    this.tooltip = toolTip;
  }

  setImage(image: unknown): void {
    this.#alive();
    this.image = image;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.#alive();
    this.contextMenu = menu;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    this.#destroyed = true;
    this.electron.trays.splice(this.electron.trays.indexOf(this), 1);
  }

  /** The person clicks the icon (on Linux with an app indicator 'click' is not emitted: only the menu works). */
  click(): void {
    if (this.electron.platform !== 'linux') this.emit('click', { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false }, { x: 0, y: 0, width: 16, height: 16 });
  }

  /** The person picks the menu item with this label. */
  choose(label: string): void {
    const item = this.contextMenu?.items.find((i) => i.label === label);
    if (!item) throw new Error(`the tray menu has no item "${label}": ${this.contextMenu?.items.map((i) => i.label).join(', ')}`);
    item.click();
  }

  #alive(): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
  }
}

/**
 * Notification (api/notification.md): main-process OS notifications, after
 * 'ready'. new Notification(options) shows nothing until show(); 'show' then,
 * 'click' when the person clicks it, 'close' when dismissed.
 */
export class FakeNotification extends EventEmitter {
  readonly title: string;
  readonly body: string;
  readonly silent: boolean;
  shown = false;

  constructor(
    readonly electron: ElectronFake,
    options: { title?: string; body?: string; silent?: boolean; icon?: unknown } = {},
  ) {
    super();
    if (!electron.app.isReady()) throw new Error('Notification can only be used after the ready event');
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.silent = options.silent ?? false;
  }

  show(): void {
    this.shown = true;
    if (!this.electron.notifications.includes(this)) this.electron.notifications.push(this);
    this.emit('show', newEvent());
  }

  close(): void {
    this.emit('close', newEvent());
  }

  /** The person clicks it (test side). */
  click(): void {
    if (!this.shown) throw new Error('a notification that was never shown cannot be clicked');
    this.emit('click', newEvent());
  }
}

/**
 * powerMonitor (api/power-monitor.md): usable only after 'ready'; 'suspend'
 * and 'resume' (Linux, Windows, macOS), 'lock-screen' and others. The test
 * emits them with ElectronFake.suspend()/resume().
 */
export class FakePowerMonitor extends EventEmitter {
  constructor(readonly electron: ElectronFake) {
    super();
  }

  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    if (!this.electron.app.isReady()) throw new Error("powerMonitor cannot be used before the app's ready event");
    return super.on(event, listener);
  }

  isOnBatteryPower(): boolean {
    return false;
  }
}

/** powerSaveBlocker (api/power-save-blocker.md): start(type) gives an id; stop(id); isStarted(id). */
export class FakePowerSaveBlocker {
  readonly #active = new Map<number, 'prevent-app-suspension' | 'prevent-display-sleep'>();
  #nextId = 0;
  /** Every start and stop, in order (test side). */
  readonly calls: string[] = [];

  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    if (type !== 'prevent-app-suspension' && type !== 'prevent-display-sleep') throw new TypeError(`Invalid power save blocker type: ${String(type)}`);
    const id = this.#nextId++;
    this.#active.set(id, type);
    this.calls.push(`start ${type}`);
    return id;
  }

  stop(id: number): boolean {
    this.calls.push('stop');
    return this.#active.delete(id);
  }

  isStarted(id: number): boolean {
    return this.#active.has(id);
  }

  /** What blocks now (test side). */
  active(): string[] {
    return [...this.#active.values()];
  }
}

export interface ElectronFakeOptions {
  /** app.getPath values: userData, pictures, logs, temp, home. */
  readonly paths: Record<string, string>;
  readonly version?: string;
  readonly isPackaged?: boolean;
  /** process.platform as the shell sees it (default: the real one): login items and tray clicks differ. */
  readonly platform?: NodeJS.Platform;
  /** This launch was the OS starting the app at login (getLoginItemSettings().wasOpenedAtLogin on macOS). */
  readonly openedAtLogin?: boolean;
}

/** One Electron main process: the module's exports plus the controls a test drives it with. */
export class ElectronFake {
  readonly windows: FakeBrowserWindow[] = [];
  readonly trays: FakeTray[] = [];
  /** Every notification shown, in order. */
  readonly notifications: FakeNotification[] = [];
  readonly platform: NodeJS.Platform;
  readonly openedAtLogin: boolean;
  readonly powerMonitor = new FakePowerMonitor(this);
  readonly powerSaveBlocker = new FakePowerSaveBlocker();
  /** nativeTheme (api/native-theme.md): whether the OS uses a dark theme. */
  readonly nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' as 'system' | 'light' | 'dark' });
  readonly Menu = FakeMenu;
  readonly MenuItem = FakeMenuItem;
  readonly Tray: new (image: unknown) => FakeTray;
  readonly Notification: { new (options?: ConstructorParameters<typeof FakeNotification>[1]): FakeNotification; isSupported(): boolean };
  lockHeldElsewhere = false;
  readonly app: FakeApp;
  readonly protocol = new FakeProtocol(this);
  readonly ipcMain = new FakeIpcMain();
  readonly safeStorage = new FakeSafeStorage(this);
  /** shell.openExternal (api/shell.md): what was handed to the system browser. */
  readonly openedExternally: string[] = [];
  readonly shell = { openExternal: async (url: string) => void this.openedExternally.push(url) };
  /** dialog.showErrorBox (api/dialog.md): shown synchronously; here recorded. */
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  readonly dialog = { showErrorBox: (title: string, content: string) => void this.errorBoxes.push({ title, content }) };
  /** session.defaultSession (api/session.md): the permission handlers. */
  readonly session = {
    defaultSession: {
      permissionRequestHandler: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
      permissionCheckHandler: null as null | ((contents: unknown, permission: string) => boolean),
      setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void) {
        this.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean) {
        this.permissionCheckHandler = handler;
      },
    },
  };
  /** BrowserWindow as a class bound to this fake (static getAllWindows, fromWebContents). */
  readonly BrowserWindow: {
    new (options?: Record<string, unknown>): FakeBrowserWindow;
    getAllWindows(): FakeBrowserWindow[];
    fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null;
  };

  constructor(options: ElectronFakeOptions) {
    this.platform = options.platform ?? process.platform;
    this.openedAtLogin = options.openedAtLogin ?? false;
    this.app = new FakeApp(this, options.paths, options.version ?? '0.1.0');
    this.app.isPackaged = options.isPackaged ?? false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const electron = this;
    this.Tray = class extends FakeTray {
      constructor(image: unknown) {
        super(electron, image);
      }
    };
    this.Notification = class extends FakeNotification {
      constructor(notificationOptions: ConstructorParameters<typeof FakeNotification>[1] = {}) {
        super(electron, notificationOptions);
      }
      static isSupported(): boolean {
        return true;
      }
    };
    this.BrowserWindow = class extends FakeBrowserWindow {
      constructor(windowOptions: Record<string, unknown> = {}) {
        super(electron, windowOptions);
      }
      static getAllWindows(): FakeBrowserWindow[] {
        return [...electron.windows];
      }
      static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
        return electron.windows.find((w) => w.webContents === contents) ?? null;
      }
    };
  }

  /** The module object `import ... from 'electron'` resolves to. */
  module(): Record<string, unknown> {
    return {
      app: this.app,
      BrowserWindow: this.BrowserWindow,
      protocol: this.protocol,
      ipcMain: this.ipcMain,
      safeStorage: this.safeStorage,
      shell: this.shell,
      dialog: this.dialog,
      session: this.session,
      Tray: this.Tray,
      Menu: this.Menu,
      MenuItem: this.MenuItem,
      Notification: this.Notification,
      powerMonitor: this.powerMonitor,
      powerSaveBlocker: this.powerSaveBlocker,
      nativeTheme: this.nativeTheme,
    };
  }

  /** The computer goes to sleep, and wakes (powerMonitor's events). */
  suspend(): void {
    this.powerMonitor.emit('suspend');
  }

  resume(): void {
    this.powerMonitor.emit('resume');
  }

  // --- test controls ---------------------------------------------------------------

  /** Electron finished initializing. */
  ready(): void {
    this.app.markReady();
  }

  /** Someone starts the app again: the primary instance gets 'second-instance'. */
  launchAgain(argv: string[], workingDirectory = process.cwd()): void {
    this.app.emit('second-instance', newEvent(), argv, workingDirectory, {});
  }

  /** An iframe inside `parent` (e.g. an embedded page that should not reach the core). */
  attachFrame(parent: FakeWebFrameMain, url: string): FakeWebFrameMain {
    const frame = new FakeWebFrameMain(url, parent);
    parent.frames.push(frame);
    return frame;
  }

  /**
   * ipcRenderer.invoke(channel, ...args) from `frame` of `contents`: runs the
   * handler with an IpcMainInvokeEvent; rejects when no handler is registered
   * or the handler throws (the renderer sees only the message).
   */
  async invokeFromFrame(contents: FakeWebContents, frame: FakeWebFrameMain, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.ipcMain.handlerFor(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event = { ...newEvent(), sender: contents, senderFrame: frame, frameId: 1, processId: 1 };
    const clonedArgs = args.map((arg) => structuredClone(arg));
    try {
      return structuredClone(await handler(event, ...clonedArgs));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
  }

  /** The page itself navigates (a link, location.href): 'will-navigate' may stop it. True if it went ahead. */
  async navigateFromPage(contents: FakeWebContents, url: string): Promise<boolean> {
    const event = { ...newEvent(), url, isMainFrame: true };
    let prevented = false;
    const wrapped = { ...event, preventDefault: () => void (prevented = true) };
    contents.emit('will-navigate', wrapped, url);
    if (prevented) return false;
    await contents.loadURL(url);
    return true;
  }

  /** window.open / target=_blank from the page: what setWindowOpenHandler decides. */
  openWindowFromPage(contents: FakeWebContents, url: string): 'allow' | 'deny' {
    const handler = contents.windowOpenHandler();
    if (!handler) return 'allow';
    return handler({ url, frameName: '', features: '', disposition: 'foreground-tab' }).action;
  }

  /** A page asks for a permission (camera, notifications, ...): what the request handler answers. */
  requestPermission(contents: FakeWebContents, permission: string): Promise<boolean> {
    const handler = this.session.defaultSession.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve));
  }
}

// --- installation: the 'electron' alias (test/fakes/electron.ts) resolves to the installed fake ----

const INSTALLED = Symbol.for('tg-archiver.electron-fake');

type WithFake = typeof globalThis & { [INSTALLED]?: ElectronFake };

/** Makes `import 'electron'` resolve to this fake, for the test that asks for it explicitly. */
export function installElectronFake(options: ElectronFakeOptions): ElectronFake {
  const fake = new ElectronFake(options);
  (globalThis as WithFake)[INSTALLED] = fake;
  return fake;
}

export function uninstallElectronFake(): void {
  delete (globalThis as WithFake)[INSTALLED];
}

export function installedElectronFake(): ElectronFake | undefined {
  return (globalThis as WithFake)[INSTALLED];
}
