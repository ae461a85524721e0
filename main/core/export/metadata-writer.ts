/**
 * Writes tags into a file with ExifTool (exiftool-vendored: the Perl ExifTool
 * it ships, run as a long-lived process; Windows gets its bundled exiftool.exe).
 * ExifTool rewrites only the metadata segments: a JPEG's image data and an
 * MP4's media data are copied byte for byte.
 */
import type { ExifTool } from 'exiftool-vendored';
import type { MetadataTags } from './metadata.js';

export interface MetadataWriter {
  write(file: string, tags: MetadataTags): Promise<void>;
  close(): Promise<void>;
}

export function createMetadataWriter(options: { maxProcs?: number } = {}): MetadataWriter {
  let exiftool: Promise<ExifTool> | null = null;
  return {
    async write(file, tags) {
      // Loaded and started on first use (one promise, so writes at once share one): an export
      // without metadata never starts Perl, and the engine's process does not carry the library.
      exiftool ??= import('exiftool-vendored').then(({ ExifTool }) => new ExifTool({ maxProcs: options.maxProcs ?? 2, taskTimeoutMillis: 60_000 }));
      // QuickTimeUTC=0: the QuickTime dates given are already UTC, written as they are.
      await (await exiftool).write(file, tags as Parameters<ExifTool['write']>[1], { writeArgs: ['-overwrite_original', '-api', 'QuickTimeUTC=0'] });
    },
    async close() {
      const running = exiftool;
      exiftool = null;
      await (await running)?.end();
    },
  };
}
