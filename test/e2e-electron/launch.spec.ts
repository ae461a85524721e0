import { expect, test } from '@playwright/test';
import { launchApp, screenshot, skipReason } from './app.js';

const reason = skipReason();

test.describe('the Electron app', () => {
  test.skip(reason !== null, reason ?? '');

  test('launches and shows the first screen over app://', async () => {
    const running = await launchApp();
    try {
      const { window } = running;
      await expect(window.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
      await expect(window.getByRole('button', { name: 'Connect a Telegram account' })).toBeVisible();
      expect(new URL(window.url()).protocol).toBe('app:');
      // The page reaches the core through the preload bridge, and only that.
      const info = await window.evaluate(() => (window as unknown as { api: { request: Record<string, (i: unknown) => Promise<unknown>> } }).api.request['app.info']!({}));
      expect(info).toMatchObject({ ok: true, value: { version: expect.any(String) } });
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      await screenshot(window, 'first-screen');
    } finally {
      await running.close();
    }
  });
});
