import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../main/cli/args.js';

const parse = (...argv: string[]) => parseCommandLine(argv).command;

describe('export on the command line', () => {
  it('runs a profile, a folder or all', () => {
    expect(parse('export', '--profile', 'Family')).toEqual({ name: 'export.run', profile: 'Family', all: false, settings: {} });
    expect(parse('export', '--to', '/x', '--template', '{photo_id}', '--mode', 'hardlink', '--no-metadata', '--sidecars', '--omit-removed', '--auto', '--time-zone', 'UTC')).toEqual({
      name: 'export.run',
      to: '/x',
      all: false,
      settings: { template: '{photo_id}', mode: 'hardlink', timeZone: 'UTC', writeMetadata: false, sidecars: true, omitRemoved: true, autoExport: true },
    });
    expect(parse('export', '--all')).toMatchObject({ name: 'export.run', all: true });
  });

  it('manages profiles', () => {
    expect(parse('export', 'profiles', 'list')).toEqual({ name: 'export.profiles.list' });
    expect(parse('export', 'profiles', 'add', 'My photos', '--to', '/x')).toEqual({ name: 'export.profiles.add', profile: 'My photos', to: '/x', settings: {} });
    expect(parse('export', 'profiles', 'remove', 'My photos')).toEqual({ name: 'export.profiles.remove', profile: 'My photos' });
  });

  it('says what is wrong', () => {
    expect(() => parse('export')).toThrow(/--profile NAME, --to DIR or --all/);
    expect(() => parse('export', '--profile', 'a', '--to', '/x')).toThrow(/one of/);
    expect(() => parse('export', '--to', '/x', '--mode', 'zip')).toThrow(/--mode takes/);
    expect(() => parse('export', 'profiles', 'add', 'a')).toThrow(/needs --to/);
    expect(() => parse('export', 'profiles', 'frob')).toThrow(/list, add or remove/);
    expect(() => parse('export', 'nope')).toThrow(/unknown export command/);
  });
});
