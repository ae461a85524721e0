import { describe, expect, it } from 'vitest';

describe("a stray import of 'electron' in a unit test", () => {
  it('fails loudly instead of loading the stand-in or downloading a binary', async () => {
    await expect(import('electron')).rejects.toThrow(/'electron' was imported in a test/);
  });
});
