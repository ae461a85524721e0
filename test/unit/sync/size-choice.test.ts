import { describe, expect, it } from 'vitest';
import { chooseSizes, wantedFiles, type StillSize, type VideoEntry } from '../../../main/core/sync/size-choice.js';

const stripped: StillSize = { kind: 'stripped', type: 'i', bytes: new Uint8Array([1, 40, 40, 9]) };
const a: StillSize = { kind: 'size', type: 'a', w: 160, h: 160, size: 9000 };
const c: StillSize = { kind: 'progressive', type: 'c', w: 640, h: 640, sizes: [5000, 20_000, 61_000] };
const u: VideoEntry = { kind: 'video', type: 'u', w: 800, h: 800, size: 300_000, videoStartTs: 0.5 };

describe('size choice', () => {
  it('takes the largest still by pixels, with the progressive size as its full byte count', () => {
    const choice = chooseSizes([stripped, a, c], []);
    expect(choice.still).toEqual({ type: 'c', w: 640, h: 640, size: 61_000, mime: 'image/jpeg' });
    expect(choice.video).toBeNull();
    expect(choice.stripped).toEqual(new Uint8Array([1, 40, 40, 9]));
  });

  it('prefers a bigger box size (w) over the 640 crop, whatever the order', () => {
    const w: StillSize = { kind: 'size', type: 'w', w: 2560, h: 1440, size: 900_000 };
    expect(chooseSizes([w, a, c], []).still?.type).toBe('w');
    expect(chooseSizes([a, c, w], []).still?.type).toBe('w');
  });

  it('takes the MP4 u of a video avatar in addition to the still, and names both explicitly', () => {
    const v: VideoEntry = { kind: 'video', type: 'v', w: 1280, h: 1280, size: 900_000, videoStartTs: null };
    const choice = chooseSizes([a, c], [v, u]);
    expect(choice.video).toMatchObject({ type: 'u', mime: 'video/mp4', videoStartTs: 0.5 });
    expect(wantedFiles(choice).map((f) => `${f.type}:${f.mime}`)).toEqual(['c:image/jpeg', 'u:video/mp4']);
  });

  it('keeps emoji markup as data (no file) and ignores outlines and cached sizes', () => {
    const markup: VideoEntry = { kind: 'markup', json: '{"emojiId":"5"}' };
    const choice = chooseSizes([{ kind: 'other', type: 'j' }, { kind: 'cached', type: 's', w: 90, h: 90, bytes: new Uint8Array(3) }, a], [markup]);
    expect(choice.still?.type).toBe('a');
    expect(choice.video).toBeNull();
    expect(choice.markup).toBe('{"emojiId":"5"}');
  });

  it('has nothing to download for a photo without downloadable sizes', () => {
    expect(wantedFiles(chooseSizes([stripped], []))).toEqual([]);
  });
});
