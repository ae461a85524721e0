import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorldFile, WorldFileError } from './schema.js';

const demo = (): unknown => JSON.parse(readFileSync('test/sandbox/worlds/demo.json', 'utf8'));

function refusal(raw: unknown): string {
  try {
    parseWorldFile(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(WorldFileError);
    return (error as Error).message;
  }
  throw new Error('expected the world file to be refused');
}

describe('world file schema', () => {
  it('accepts the shipped worlds', () => {
    expect(parseWorldFile(demo()).users.length).toBeGreaterThan(5);
    expect(parseWorldFile(JSON.parse(readFileSync('test/sandbox/worlds/bench.json', 'utf8'))).generate?.users).toBe(300);
  });

  it('applies the documented defaults', () => {
    const world = parseWorldFile({
      version: 1,
      accounts: [{ userId: 1, phone: '+15550000001', dc: 2, firstName: 'A' }],
      users: [{ id: 2, firstName: 'B', photos: [{ id: '7', date: 1 }] }],
      generate: { users: 1 },
    });
    expect(world.seed).toBe(1);
    expect(world.dcs).toEqual([1, 2, 3, 4, 5]);
    expect(world.accounts[0]).toMatchObject({ loginCode: '12345', startsLoggedIn: true, lastName: '', username: null });
    expect(world.users[0]).toMatchObject({ lastName: '', username: null, phone: null, bio: '', contactOf: [], bot: false, deleted: false, photosHiddenFrom: [], personalPhoto: null, fallbackPhoto: null });
    expect(world.users[0]!.photos[0]).toEqual({ id: '7', date: 1, kind: 'image', width: 640 });
    expect(world.generate).toMatchObject({ photosPerUser: [0, 40], videoShare: 0.1, emojiShare: 0, contactOf: [], firstUserId: 100000 });
  });

  it('names the field path of a bad value', () => {
    const raw = demo() as { users: { photos: { kind: string }[] }[] };
    raw.users[3]!.photos[0]!.kind = 'gif';
    expect(refusal(raw)).toMatch(/^world file: users\[3\]\.photos\[0\]\.kind: /);
  });

  it('refuses unknown fields, naming where they are', () => {
    const raw = demo() as { users: Record<string, unknown>[] };
    raw.users[1]!.nickname = 'bobby';
    expect(refusal(raw)).toMatch(/users\[1\]: .*nickname/);
    expect(refusal({ version: 1, colour: 'red' })).toMatch(/\(root\): .*colour/);
  });

  it('refuses a missing required field and a wrong version', () => {
    expect(refusal({ version: 1, users: [{ id: 5 }] })).toMatch(/users\[0\]\.firstName: /);
    expect(refusal({ version: 2 })).toMatch(/^world file: version: /);
  });

  it('checks cross-references', () => {
    const base = { version: 1, dcs: [1, 2], accounts: [{ userId: 1, phone: '+15550000001', dc: 2, firstName: 'A' }] };
    expect(refusal({ ...base, users: [{ id: 2, firstName: 'B', contactOf: [9] }] })).toMatch(/users\[0\]\.contactOf\[0\]: 9 is not an account/);
    expect(refusal({ ...base, users: [{ id: 2, firstName: 'B', dc: 3 }] })).toMatch(/users\[0\]\.dc: DC 3/);
    expect(
      refusal({ ...base, users: [{ id: 2, firstName: 'B', photos: [{ id: '5', date: 1 }] }, { id: 3, firstName: 'C', personalPhoto: { id: '5', date: 1 } }] }),
    ).toMatch(/users\[1\]\.personalPhoto\.id: photo id 5 is already used at users\[0\]\.photos\[0\]/);
    expect(refusal({ ...base, users: [{ id: 2, firstName: 'B', photos: [{ id: '5', date: 1, videoStartTs: 1 }] }] })).toMatch(
      /users\[0\]\.photos\[0\]\.videoStartTs/,
    );
    expect(refusal({ ...base, users: [{ id: 2, firstName: 'B', username: 'demo_x' }, { id: 3, firstName: 'C', username: 'DEMO_X' }] })).toMatch(
      /users\[1\]\.username: username DEMO_X is already used/,
    );
    expect(refusal({ ...base, users: [{ id: 2, firstName: 'B', photos: [{ id: '-5', date: 1 }] }] })).toMatch(/users\[0\]\.photos\[0\]\.id: must be positive/);
    expect(refusal({ ...base, users: [{ id: 100000, firstName: 'B' }], generate: { users: 5 } })).toMatch(/generate\.firstUserId: /);
  });
});
