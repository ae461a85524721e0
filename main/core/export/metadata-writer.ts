/**
 * Writes tags into a file with ExifTool (exiftool-vendored: the Perl ExifTool
 * it ships, run as a long-lived process; Windows gets its bundled exiftool.exe).
 * ExifTool rewrites only the metadata segments: a JPEG's image data and an
 * MP4's media data are copied byte for byte.
 */
import { ExifTool } from 'exiftool-vendored';
import type { MetadataTags } from './metadata.js';

export interface MetadataWriter {
  write(file: string, tags: MetadataTags): Promise<void>;
  close(): Promise<void>;
}

export function createMetadataWriter(options: { maxProcs?: number } = {}): MetadataWriter {
  let exiftool: ExifTool | null = null;
  return {
    async write(file, tags) {
      // Started on first use: an export without metadata (or no export at all) never starts Perl.
      exiftool ??= new ExifTool({ maxProcs: options.maxProcs ?? 2, taskTimeoutMillis: 60_000 });
      // QuickTimeUTC=0: the QuickTime dates given are already UTC, written as they are.
      await exiftool.write(file, tags as Parameters<ExifTool['write']>[1], { writeArgs: ['-overwrite_original', '-api', 'QuickTimeUTC=0'] });
    },
    async close() {
      const running = exiftool;
      exiftool = null;
      await running?.end();
    },
  };
}
