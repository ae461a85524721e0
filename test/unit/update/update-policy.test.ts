import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  SNOOZE_MS,
  initialUpdateState,
  updateStep,
  updateSupport,
  type UpdateEffect,
  type UpdateEnvironment,
  type UpdateInput,
  type UpdateState,
} from '../../../main/core/update/update-policy.js';

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const HOUR = 60 * 60 * 1000;

/** Feeds inputs in order; returns the final state and every effect, by type. */
function run(inputs: UpdateInput[], from: UpdateState = initialUpdateState): { state: UpdateState; effects: UpdateEffect[] } {
  let state = from;
  const effects: UpdateEffect[] = [];
  for (const input of inputs) {
    const next = updateStep(state, input);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}
const kinds = (effects: UpdateEffect[]): string[] => effects.filter((e) => e.type !== 'log').map((e) => (e.type === 'ask' ? `ask:${e.prompt.question}` : e.type));

describe('update support: where an install can update itself', () => {
  const packaged: UpdateEnvironment = { isPackaged: true, platform: 'linux', env: {}, hasUpdateConfig: true, packageType: null };

  it('is on for the NSIS install, the macOS app, an AppImage and deb/rpm packages', () => {
    expect(updateSupport({ ...packaged, platform: 'win32' }).enabled).toBe(true);
    expect(updateSupport({ ...packaged, platform: 'darwin' }).enabled).toBe(true);
    expect(updateSupport({ ...packaged, env: { APPIMAGE: '/home/a/Photo.AppImage' } })).toEqual({ enabled: true, how: 'AppImage' });
    expect(updateSupport({ ...packaged, packageType: 'deb' })).toEqual({ enabled: true, how: 'deb package' });
    expect(updateSupport({ ...packaged, packageType: 'rpm' }).enabled).toBe(true);
  });

  it('is off in development, without a publish provider, for an unpacked Linux folder or a snap, and when turned off', () => {
    expect(updateSupport({ ...packaged, platform: 'win32', isPackaged: false })).toEqual({ enabled: false, reason: 'a development build' });
    expect(updateSupport({ ...packaged, platform: 'darwin', hasUpdateConfig: false })).toMatchObject({ enabled: false, reason: expect.stringContaining('app-update.yml') });
    expect(updateSupport(packaged)).toMatchObject({ enabled: false, reason: expect.stringContaining('not an AppImage') });
    expect(updateSupport({ ...packaged, env: { SNAP: '/snap/x', APPIMAGE: '/x' } })).toMatchObject({ enabled: false });
    expect(updateSupport({ ...packaged, packageType: 'tar.gz' })).toMatchObject({ enabled: false });
    expect(updateSupport({ ...packaged, platform: 'win32', env: { TG_UPDATES: 'off' } })).toMatchObject({ enabled: false });
    expect(updateSupport({ ...packaged, platform: 'freebsd' })).toMatchObject({ enabled: false });
  });
});

describe('update policy on a fake clock', () => {
  it('checks at start, not again within the day, then daily', () => {
    const started = run([{ type: 'tick', now: T0 }]);
    expect(kinds(started.effects)).toEqual(['check']);
    const upToDate = run([{ type: 'update-not-available' }, { type: 'tick', now: T0 + HOUR }, { type: 'tick', now: T0 + CHECK_EVERY_MS - 1 }], started.state);
    expect(kinds(upToDate.effects)).toEqual([]);
    expect(upToDate.state.phase.kind).toBe('idle');
    const nextDay = run([{ type: 'tick', now: T0 + CHECK_EVERY_MS }], upToDate.state);
    expect(kinds(nextDay.effects)).toEqual(['check']);
    expect(nextDay.state.lastCheckAt).toBe(T0 + CHECK_EVERY_MS);
  });

  it('catches up on the first tick after a long sleep, and only once', () => {
    const idle = run([{ type: 'tick', now: T0 }, { type: 'update-not-available' }]).state;
    const woke = run([{ type: 'tick', now: T0 + 3 * CHECK_EVERY_MS }, { type: 'tick', now: T0 + 3 * CHECK_EVERY_MS + HOUR }], idle);
    expect(kinds(woke.effects)).toEqual(['check']);
  });

  it('does not check while a check, a question or a download is under way', () => {
    const checking = run([{ type: 'tick', now: T0 }]).state;
    expect(kinds(run([{ type: 'tick', now: T0 + 2 * CHECK_EVERY_MS }], checking).effects)).toEqual([]);
    const asking = run([{ type: 'update-available', version: '0.2.0', now: T0 }], checking).state;
    expect(kinds(run([{ type: 'tick', now: T0 + 2 * CHECK_EVERY_MS }], asking).effects)).toEqual([]);
  });

  it('asks before downloading, downloads only on yes, then asks to restart and installs only on yes', () => {
    const asked = run([{ type: 'tick', now: T0 }, { type: 'update-available', version: '0.2.0', now: T0 }]);
    expect(kinds(asked.effects)).toEqual(['check', 'ask:download']);
    const prompt = asked.effects.find((e) => e.type === 'ask');
    expect(prompt).toMatchObject({ prompt: { title: 'Update available', message: 'Photo Archiver for Telegram 0.2.0 is available.', accept: 'Download', decline: 'Later' } });

    const downloading = run([{ type: 'answer', question: 'download', accepted: true, now: T0 + 1000 }, { type: 'download-progress', percent: 40 }], asked.state);
    expect(kinds(downloading.effects)).toEqual(['download']);
    expect(downloading.state.phase).toEqual({ kind: 'downloading', version: '0.2.0', percent: 40 });

    const ready = run([{ type: 'update-downloaded', version: '0.2.0' }], downloading.state);
    expect(kinds(ready.effects)).toEqual(['ask:restart']);
    expect(ready.effects.find((e) => e.type === 'ask')).toMatchObject({ prompt: { title: 'Update ready', accept: 'Restart now', decline: 'Later' } });

    expect(kinds(run([{ type: 'answer', question: 'restart', accepted: true, now: T0 + 2000 }], ready.state).effects)).toEqual(['install']);
  });

  it('restarting later keeps the update ready for the next quit and stops further checks', () => {
    const ready = run([
      { type: 'tick', now: T0 },
      { type: 'update-available', version: '0.2.0', now: T0 },
      { type: 'answer', question: 'download', accepted: true, now: T0 },
      { type: 'update-downloaded', version: '0.2.0' },
    ]).state;
    const later = run([{ type: 'answer', question: 'restart', accepted: false, now: T0 }, { type: 'tick', now: T0 + 2 * CHECK_EVERY_MS }], ready);
    expect(kinds(later.effects)).toEqual([]);
    expect(later.state.phase).toEqual({ kind: 'ready', version: '0.2.0' });
  });

  it('a version put off is not offered again for a week, a newer one is offered at once', () => {
    const putOff = run([
      { type: 'tick', now: T0 },
      { type: 'update-available', version: '0.2.0', now: T0 },
      { type: 'answer', question: 'download', accepted: false, now: T0 },
    ]);
    expect(kinds(putOff.effects)).toEqual(['check', 'ask:download']);
    expect(putOff.state.phase.kind).toBe('idle');

    const tomorrow = T0 + CHECK_EVERY_MS;
    const quiet = run([{ type: 'tick', now: tomorrow }, { type: 'update-available', version: '0.2.0', now: tomorrow }], putOff.state);
    expect(kinds(quiet.effects)).toEqual(['check']);
    expect(quiet.state.phase.kind).toBe('idle');

    const newer = run([{ type: 'tick', now: tomorrow + CHECK_EVERY_MS }, { type: 'update-available', version: '0.3.0', now: tomorrow + CHECK_EVERY_MS }], quiet.state);
    expect(kinds(newer.effects)).toEqual(['check', 'ask:download']);

    const weekLater = T0 + SNOOZE_MS;
    const again = run([{ type: 'tick', now: weekLater }, { type: 'update-available', version: '0.2.0', now: weekLater }], quiet.state);
    expect(kinds(again.effects)).toEqual(['check', 'ask:download']);
  });

  it('a failed background check only logs; a failed download the person asked for is shown', () => {
    const checkFailed = run([{ type: 'tick', now: T0 }, { type: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }]);
    expect(kinds(checkFailed.effects)).toEqual(['check']);
    expect(checkFailed.effects.at(-1)).toMatchObject({ type: 'log', level: 'warn' });
    expect(checkFailed.state.phase.kind).toBe('idle');

    const downloadFailed = run(
      [{ type: 'update-available', version: '0.2.0', now: T0 }, { type: 'answer', question: 'download', accepted: true, now: T0 }, { type: 'error', message: 'sha512 checksum mismatch' }],
      run([{ type: 'tick', now: T0 }]).state,
    );
    expect(kinds(downloadFailed.effects)).toEqual(['ask:download', 'download', 'tell']);
    expect(downloadFailed.effects.find((e) => e.type === 'tell')).toMatchObject({ notice: { title: 'Update failed', detail: expect.stringContaining('sha512 checksum mismatch') } });
    expect(downloadFailed.state.phase.kind).toBe('idle');
  });

  it('ignores events and answers that do not fit the moment', () => {
    expect(kinds(run([{ type: 'update-available', version: '0.2.0', now: T0 }]).effects)).toEqual([]);
    expect(kinds(run([{ type: 'update-downloaded', version: '0.2.0' }]).effects)).toEqual([]);
    expect(kinds(run([{ type: 'answer', question: 'restart', accepted: true, now: T0 }]).effects)).toEqual([]);
    expect(kinds(run([{ type: 'answer', question: 'download', accepted: true, now: T0 }]).effects)).toEqual([]);
  });
});
