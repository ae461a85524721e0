/** Progress events are throttled on the clock, not per change (a fake clock here, so the counts are exact). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressTracker } from '../../../main/core/sync/progress.js';
import { RunControl } from '../../../main/core/sync/run-control.js';
import type { SyncProgress } from '../../../preload/contract/sync.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressTracker', () => {
  it('publishes at once when flushed, then at most once per interval with the latest counts', async () => {
    vi.useFakeTimers();
    const events: SyncProgress[] = [];
    const tracker = new ProgressTracker(1, Date.now(), new RunControl(), () => Date.now(), (p) => events.push(p), 250);
    tracker.flush(); // as a run starts
    expect(events).toHaveLength(1);

    for (let i = 0; i < 100; i++) tracker.fileDone(10, 5001 + (i % 3));
    expect(events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toHaveLength(2);
    // whose file landed last: the sidebar shows their avatar
    expect(events[1]).toMatchObject({ runId: 1, state: 'running', filesDownloaded: 100, bytesDownloaded: 1000, lastPerson: 5001 + (99 % 3) });

    // A file every 10 ms for 10 s: one event per 250 ms, not 1,000.
    for (let i = 0; i < 1000; i++) {
      tracker.fileDone(1, 5001);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(events).toHaveLength(2 + 40);
    expect(events.at(-1)).toMatchObject({ filesDownloaded: 1100 });

    // Nothing changes, nothing is sent.
    await vi.advanceTimersByTimeAsync(5000);
    expect(events).toHaveLength(42);
    tracker.stop();
  });
});
