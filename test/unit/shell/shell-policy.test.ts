import { describe, expect, it } from 'vitest';
import { isAppPage, mayCallCore, mayNavigate, mayOpenExternally, readLaunchRequest, secondLaunchAction } from '../../../main/electron/shell-policy.js';

const DEV = 'http://localhost:5173/';

describe('which frames may call the core', () => {
  it('accepts the app’s own top-level frame at app://renderer/…, although its WHATWG origin is "null"', () => {
    expect(new URL('app://renderer/index.html').origin).toBe('null'); // why origin cannot be compared
    expect(mayCallCore({ url: 'app://renderer/index.html', topLevel: true }, null)).toBe(true);
    expect(mayCallCore({ url: 'app://renderer/index.html#/settings', topLevel: true }, null)).toBe(true);
  });

  it('refuses an iframe, even one showing the app’s own page', () => {
    expect(mayCallCore({ url: 'app://renderer/index.html', topLevel: false }, null)).toBe(false);
  });

  it('refuses another scheme, a look-alike host, credentials or a port in the URL, and a missing frame', () => {
    for (const url of [
      'https://renderer/index.html',
      'file:///app/renderer/index.html',
      'archive://media/ab/x.jpg',
      'app://renderer.evil.example/index.html',
      'app://evil.example/renderer/index.html',
      'app://renderer@evil.example/index.html',
      'app://user:pw@renderer/index.html',
      'app://renderer:8080/index.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(mayCallCore({ url, topLevel: true }, null), url).toBe(false);
    }
    expect(mayCallCore(null, null)).toBe(false);
  });

  it('accepts the dev server only when one is configured, by scheme and host', () => {
    expect(mayCallCore({ url: 'http://localhost:5173/index.html', topLevel: true }, null)).toBe(false);
    expect(mayCallCore({ url: 'http://localhost:5173/index.html', topLevel: true }, DEV)).toBe(true);
    expect(mayCallCore({ url: 'http://localhost:5174/index.html', topLevel: true }, DEV)).toBe(false);
    expect(mayCallCore({ url: 'https://localhost:5173/index.html', topLevel: true }, DEV)).toBe(false);
  });
});

describe('where a window may navigate', () => {
  it('stays inside the app', () => {
    expect(mayNavigate('app://renderer/index.html', null)).toBe(true);
    expect(mayNavigate('app://renderer/other.html', null)).toBe(true);
    expect(isAppPage('app://renderer/', null)).toBe(true);
  });

  it('never leaves for the web, files or the archive scheme', () => {
    for (const url of ['https://t.me/durov', 'http://localhost:5173/', 'file:///etc/passwd', 'archive://media/a.jpg', 'app://other/index.html', 'javascript:alert(1)']) {
      expect(mayNavigate(url, null), url).toBe(false);
    }
  });
});

describe('which links open in the system browser', () => {
  it('opens https links to Telegram’s own sites', () => {
    expect(mayOpenExternally('https://t.me/durov')).toBe(true);
    expect(mayOpenExternally('https://my.telegram.org/apps')).toBe(true);
    expect(mayOpenExternally('https://telegram.org/faq')).toBe(true);
  });

  it('opens nothing else', () => {
    for (const url of [
      'http://t.me/durov',
      'https://t.me.evil.example/',
      'https://evil.example/?t.me',
      'https://user@t.me/',
      'https://t.me:8443/',
      'tg://resolve?domain=durov',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'garbage',
    ]) {
      expect(mayOpenExternally(url), url).toBe(false);
    }
  });
});

describe('what a launch asks for', () => {
  const argv = ['/opt/app/photo-archiver', '--user-data-dir=/tmp/other', '--server-profile', '/tmp/sandbox.json', '--hidden', '--inspect=0'];
  const env = { TG_SERVER_PROFILE: '/tmp/env-profile.json', ELECTRON_RENDERER_URL: 'http://localhost:5173', TG_ALLOW_PLAINTEXT_SECRETS: '1' };

  it('honours the developer switches in a developer build', () => {
    expect(readLaunchRequest({ argv, env, developer: true })).toEqual({
      hidden: true,
      syncNow: false,
      userDataDir: '/tmp/other',
      serverProfileFile: '/tmp/sandbox.json',
      devServerUrl: 'http://localhost:5173',
      allowPlaintextSecrets: true,
    });
    expect(readLaunchRequest({ argv: ['/opt/app/photo-archiver'], env, developer: true }).serverProfileFile).toBe('/tmp/env-profile.json');
  });

  it('ignores --server-profile, TG_SERVER_PROFILE, --user-data-dir, the dev server and plaintext secrets in a packaged release build', () => {
    expect(readLaunchRequest({ argv, env, developer: false })).toEqual({
      hidden: true,
      syncNow: false,
      userDataDir: null,
      serverProfileFile: null,
      devServerUrl: null,
      allowPlaintextSecrets: false,
    });
  });

  it('reads a second launch: show the window unless hidden, sync when asked', () => {
    expect(secondLaunchAction(['/opt/app/photo-archiver'])).toEqual({ showWindow: true, startSync: false });
    expect(secondLaunchAction(['/opt/app/photo-archiver', '--hidden', '--sync-now'])).toEqual({ showWindow: false, startSync: true });
    expect(secondLaunchAction(['/opt/app/photo-archiver', '.', '--sync-now', '--no-sandbox'])).toEqual({ showWindow: true, startSync: true });
  });
});
