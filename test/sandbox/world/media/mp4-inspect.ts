/**
 * A small ISO-BMFF (MP4) reader for tests: walks the box tree and reports what a player
 * needs to find, so the committed clips are checked on machines without ffmpeg.
 */

export interface Mp4Box {
  readonly type: string;
  /** Offset of the box header in the file. */
  readonly start: number;
  readonly size: number;
  /** The payload, after the 8- or 16-byte header. */
  readonly body: Buffer;
  readonly bodyStart: number;
}

export interface Mp4Summary {
  /** Top-level box types in file order. */
  readonly topLevel: readonly string[];
  readonly brand: string;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly durationSeconds: number;
  readonly samples: number;
  /** True when every chunk offset and the sum of sample sizes fall inside `mdat`. */
  readonly samplesInsideMdat: boolean;
}

/** The boxes in `file[start, end)`; throws on a box that overruns its parent. */
export function readBoxes(file: Buffer, start = 0, end = file.length): Mp4Box[] {
  const out: Mp4Box[] = [];
  let at = start;
  while (at < end) {
    if (end - at < 8) throw new Error(`truncated box header at ${at}`);
    let size = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      size = Number(file.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) throw new Error(`box '${type}' at ${at} (size ${size}) overruns its parent (ends at ${end})`);
    out.push({ type, start: at, size, body: file.subarray(at + header, at + size), bodyStart: at + header });
    at += size;
  }
  return out;
}

function child(file: Buffer, parent: Mp4Box, type: string, skip = 0): Mp4Box {
  const found = readBoxes(file, parent.bodyStart + skip, parent.start + parent.size).find((b) => b.type === type);
  if (!found) throw new Error(`no '${type}' in '${parent.type}'`);
  return found;
}

function path(file: Buffer, from: Mp4Box, ...types: string[]): Mp4Box {
  return types.reduce((box, type) => child(file, box, type), from);
}

/** Reads the first video track of an MP4; throws with the reason when the file is malformed. */
export function inspectMp4(file: Buffer): Mp4Summary {
  const top = readBoxes(file);
  const find = (type: string): Mp4Box => {
    const box = top.find((b) => b.type === type);
    if (!box) throw new Error(`no top-level '${type}'`);
    return box;
  };
  const ftyp = find('ftyp');
  const moov = find('moov');
  const mdat = find('mdat');
  const mvhd = child(file, moov, 'mvhd').body;
  const [timescale, duration] = mvhd[0] === 1 ? [mvhd.readUInt32BE(20), Number(mvhd.readBigUInt64BE(24))] : [mvhd.readUInt32BE(12), mvhd.readUInt32BE(16)];
  const video = readBoxes(file, moov.bodyStart, moov.start + moov.size)
    .filter((b) => b.type === 'trak')
    .find((trak) => path(file, trak, 'mdia', 'hdlr').body.toString('latin1', 8, 12) === 'vide');
  if (!video) throw new Error('no video track');
  const stbl = path(file, video, 'mdia', 'minf', 'stbl');
  // stsd is a full box (4 bytes) with an entry count (4 bytes) before its sample entries.
  const stsd = child(file, stbl, 'stsd');
  const entry = readBoxes(file, stsd.bodyStart + 8, stsd.start + stsd.size)[0];
  if (!entry) throw new Error('empty stsd');
  // A visual sample entry: 24 bytes of reserved/index fields, then width and height; avcC follows 78 bytes in.
  if (entry.type === 'avc1') child(file, entry, 'avcC', 78);
  const stsz = child(file, stbl, 'stsz').body;
  const samples = stsz.readUInt32BE(8);
  const fixedSize = stsz.readUInt32BE(4);
  const sampleBytes = fixedSize ? fixedSize * samples : Array.from({ length: samples }, (_, i) => stsz.readUInt32BE(12 + 4 * i)).reduce((a, b) => a + b, 0);
  const stco = child(file, stbl, 'stco').body;
  const offsets = Array.from({ length: stco.readUInt32BE(4) }, (_, i) => stco.readUInt32BE(8 + 4 * i));
  const mdatEnd = mdat.start + mdat.size;
  return {
    topLevel: top.map((b) => b.type),
    brand: ftyp.body.toString('latin1', 0, 4),
    codec: entry.type,
    width: entry.body.readUInt16BE(24),
    height: entry.body.readUInt16BE(26),
    durationSeconds: duration / timescale,
    samples,
    samplesInsideMdat: offsets.length > 0 && offsets.every((o) => o >= mdat.bodyStart && o < mdatEnd) && sampleBytes <= mdat.body.length,
  };
}
