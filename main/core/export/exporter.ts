/**
 * One run of an export profile: incremental and idempotent.
 *
 * Each file is made in a staging folder inside the destination (copy, reflink
 * or hard link; metadata written; times set to the photo's date; fsynced),
 * then renamed into place, and only then recorded: a crash leaves no half file,
 * and the next run removes the staging folder and goes on. A file already
 * exported is left alone while its record, the template's name and the way it
 * is made all match. A file the person changed in the export folder is never
 * overwritten: it is reported and the archive's version gets another name. A
 * file found where a name points, identical to what would be written (a crash
 * between the rename and the record), is taken over rather than duplicated.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportSettings, ExportSummary } from '../../../preload/contract/export.js';
import type { ExportRecord, ExportRepo, IdentityRow } from '../archive/export-repo.js';
import { fsyncFile, isWithin, makeFile, sha256File, sha256Text, STAGING_DIR, stagingName, stageText, statOrNull, writeTextAtomic, type MadeBy } from './file-ops.js';
import { indexCsv, indexEntry, indexJson, sidecarText, type IndexedFile, type IndexEntry } from './index-files.js';
import { Linker, type LinkJob } from './linker.js';
import { metadataTags } from './metadata.js';
import type { MetadataWriter } from './metadata-writer.js';
import { collisionKey } from './safe-name.js';
import { selectItems, type ExportItem } from './selection.js';
import { collisionCandidates, compileTemplate, renderPath, resolveCollision, type CompiledTemplate } from './template.js';
import { WEB_DIR, webPageHtml } from './web-page.js';

export interface ExportRunDeps {
  readonly archiveDir: string;
  readonly repo: ExportRepo;
  readonly metadata: MetadataWriter;
  readonly now: () => number;
}

export interface ExportRunProgress {
  readonly done: number;
  readonly total: number;
  readonly written: number;
}

export interface ExportRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExportRunProgress) => void;
}

export const INDEX_FILES = ['index.json', 'index.csv'] as const;
export const WEB_PAGE = 'index.html';
const MADE_AT = /Made [^<]* by Photo Archiver/;
const SIDECAR_SUFFIX = '.json';
/** Files made ahead of the one being placed: keeps ExifTool and the disk busy while names are settled in order. */
const LOOKAHEAD = 8;
/** Items per step: records are saved in one transaction per step (a crash loses at most these, and the next run takes their files over). */
const CHUNK = 256;
/** Items per batch handed to the link worker; the first is small, so that it starts linking soon. */
const FIRST_LINK_BATCH = 64;
const LINK_BATCH = 512;
/** Batches with the worker at once: it never waits for names, and a cancel stops it within these. */
const LINK_AHEAD = 32;
const MAX_LISTED = 1000;

type DiskState = 'same' | 'missing' | 'edited';

/** A file, made and waiting in the staging folder, or the finding that nothing needs making. */
type Prepared =
  | { readonly kind: 'unchanged'; readonly record: ExportRecord }
  | { readonly kind: 'made'; readonly temp: string; readonly sha256: string; readonly bytes: number; readonly madeBy: MadeBy; readonly own: DiskState | null }
  | { readonly kind: 'failed'; readonly message: string };

/** A file in the export, and its part of the index. */
interface Placed {
  readonly file: IndexedFile;
  readonly entry: IndexEntry;
}

/** Index files written under temporary names: their entries, and the renames that put them in place. */
interface StagedIndex {
  readonly entries: readonly IndexEntry[];
  readonly renames: readonly (readonly [temp: string, file: string])[];
}

/** A link handed to the worker: its record and index entry, kept if it is made. */
interface NewLink {
  readonly index: number;
  readonly record: ExportRecord;
  readonly placed: Placed;
}

const itemKey = (photoId: bigint, sizeType: string): string => `${photoId}:${sizeType}`;
const toAbs = (root: string, relative: string): string => path.join(root, ...relative.split('/'));

async function diskState(file: string, record: ExportRecord): Promise<DiskState> {
  const stat = await statOrNull(file);
  if (!stat) return 'missing';
  if (!stat.isFile()) return 'edited';
  if (stat.size === record.bytes && Math.trunc(stat.mtimeMs) === record.mtimeMs) return 'same';
  return (await sha256File(file)) === record.sha256 ? 'same' : 'edited';
}

export class ExportRun {
  readonly #deps: ExportRunDeps;
  readonly #profileId: number;
  readonly #settings: ExportSettings;
  readonly #template: CompiledTemplate;
  /** The worker that makes hard links (hard-link profiles only, during run). */
  #linker: Linker | null = null;
  #root = '';
  readonly #records = new Map<string, ExportRecord>();
  /** The collision keys of the names in use (files of this profile, the index, the page). */
  readonly #taken = new Set<string>();
  readonly #checkedDirs = new Set<string>();
  /** The index written ahead while the last links are made, when every item is a new link (see #linkNew). */
  #stagedIndex: Promise<StagedIndex> | null = null;
  /** Records not yet written to the archive (see #flush). */
  readonly #pending = new Map<string, ExportRecord>();
  readonly #summary: { -readonly [K in keyof ExportSummary]: ExportSummary[K] };

  constructor(deps: ExportRunDeps, profileId: number, settings: ExportSettings) {
    this.#deps = deps;
    this.#profileId = profileId;
    this.#settings = settings;
    const compiled = compileTemplate(settings.template);
    if (!compiled.ok) throw new Error(compiled.message);
    this.#template = compiled.template;
    const now = deps.now();
    this.#summary = { status: 'done', startedAt: now, finishedAt: now, total: 0, written: 0, unchanged: 0, keptEdited: [], copiedInsteadOfLinked: 0, errors: [], error: null };
  }

  async run(options: ExportRunOptions = {}): Promise<ExportSummary> {
    const summary = this.#summary;
    let staging: string | null = null;
    try {
      const { repo } = this.#deps;
      const records = repo.records(this.#profileId);
      const hardlink = this.#settings.mode === 'hardlink';
      // A profile's first export as hard links is all new links: the worker boots while the archive is read.
      if (hardlink && records.length === 0) this.#linker = new Linker();
      await fs.mkdir(this.#settings.destination, { recursive: true });
      this.#root = await fs.realpath(this.#settings.destination);
      staging = path.join(this.#root, STAGING_DIR);
      await fs.rm(staging, { recursive: true, force: true }); // what an interrupted run left
      await fs.mkdir(staging);
      for (const name of [...INDEX_FILES, WEB_PAGE]) this.#taken.add(collisionKey(name));
      for (const record of records) {
        const key = itemKey(record.photoId, record.sizeType);
        this.#records.set(key, record);
        this.#taken.add(record.pathKey);
      }
      const snapshots = repo.snapshots();
      const items = selectItems(repo.sources(), snapshots, repo.targetNames(), this.#settings.include);
      summary.total = items.length;
      // Otherwise a worker only when there is something new to link; it boots while the first names are settled.
      if (hardlink && !this.#linker && items.some((item) => !this.#records.has(itemKey(item.source.photoId, item.source.sizeType)))) this.#linker = new Linker();
      const placed = await this.#exportAll(items, options);
      if (placed) {
        await this.#writeIndex(placed.map((p) => p.entry));
        if (this.#settings.webPage) await this.#writeWebPage(placed.map((p) => p.file), snapshots);
      } else summary.status = 'cancelled';
    } catch (error) {
      summary.status = 'failed';
      summary.error = (error as Error).message;
    } finally {
      await this.#stagedIndex?.catch(() => undefined); // nothing may still write into the staging folder as it is removed
      if (staging) await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
      void this.#linker?.close(); // idle by now: it ends on its own, nobody waits for it
      summary.finishedAt = this.#deps.now();
    }
    return { ...summary, keptEdited: [...summary.keptEdited], errors: [...summary.errors] };
  }

  /**
   * Every item in order; null when cancelled. Hard links to files not exported
   * yet go first (#linkNew); everything else, and whatever failed there, goes
   * the careful way (#prepare, #place) after.
   */
  async #exportAll(items: readonly ExportItem[], options: ExportRunOptions): Promise<Placed[] | null> {
    const placed: (Placed | null)[] = new Array<Placed | null>(items.length).fill(null);
    const onPlaced = (i: number, one: Placed): void => {
      placed[i] = one;
    };
    const wanted: string[] = new Array<string>(items.length);
    const wantedOf = (i: number): string => (wanted[i] ??= renderPath(this.#template, items[i]!.context, this.#settings.timeZone));
    const report = (done: number): void => options.onProgress?.({ done, total: items.length, written: this.#summary.written });
    const prepared = new Map<number, Promise<Prepared>>();
    try {
      const linked = this.#linker ? await this.#linkNew(this.#linker, items, wantedOf, onPlaced, options.signal, report) : 0;
      if (options.signal?.aborted) return null;
      const rest = [...items.keys()].filter((i) => placed[i] === null);
      for (let start = 0; start < rest.length; start += CHUNK) {
        if (options.signal?.aborted) return null;
        const chunk = rest.slice(start, start + CHUNK);
        for (const [n, i] of chunk.entries()) {
          if (options.signal?.aborted) return null;
          for (const ahead of chunk.slice(n, n + 1 + LOOKAHEAD)) if (!prepared.has(ahead)) prepared.set(ahead, this.#prepare(items[ahead]!, wantedOf(ahead)));
          const result = await prepared.get(i)!;
          prepared.delete(i);
          const path = await this.#place(items[i]!, wantedOf(i), result).catch((error: Error) => {
            this.#fail(wantedOf(i), error.message);
            return null;
          });
          if (path !== null) {
            const file = { item: items[i]!, path };
            onPlaced(i, { file, entry: indexEntry(file) });
          }
          report(linked + start + n + 1);
        }
        this.#flush();
      }
      return placed.filter((p) => p !== null);
    } finally {
      await Promise.allSettled(prepared.values()); // nothing may still write into the staging folder as it is removed
      this.#flush();
    }
  }

  /**
   * The fast path for hard links to files not exported yet: names settled in
   * memory, in item order, a batch at a time, each batch handed to the worker
   * at once; its records and index entries are made while the worker links,
   * and saved or dropped when its answer comes. Returns how many were linked;
   * what failed is left for the careful way.
   */
  async #linkNew(
    linker: Linker,
    items: readonly ExportItem[],
    wantedOf: (i: number) => string,
    onPlaced: (index: number, placed: Placed) => void,
    signal: AbortSignal | undefined,
    report: (done: number) => void,
  ): Promise<number> {
    let linked = 0;
    const settle = async (batch: readonly NewLink[], failed: Promise<readonly number[]>): Promise<void> => {
      const failures = new Set(await failed);
      for (const [n, { index, record, placed }] of batch.entries()) {
        if (failures.has(n)) {
          this.#taken.delete(record.pathKey);
          continue;
        }
        // Queued, not kept: nothing later in the run looks up a new link's record (its item is placed).
        this.#queue(record);
        this.#summary.written++;
        if (this.#settings.sidecars) await this.#sidecar(items[index]!, record, true);
        onPlaced(index, placed);
        linked++;
      }
      this.#flush();
      report(linked);
    };
    const settling: Promise<void>[] = [];
    const entries: IndexEntry[] = [];
    try {
      for (let start = 0, size = FIRST_LINK_BATCH; start < items.length && !signal?.aborted; start += size, size = LINK_BATCH) {
        const named: Omit<NewLink, 'placed'>[] = [];
        const jobs: LinkJob[] = [];
        for (let i = start; i < Math.min(start + size, items.length); i++) {
          const item = items[i]!;
          const { source, context } = item;
          if (this.#records.has(itemKey(source.photoId, source.sizeType))) continue;
          const wanted = wantedOf(i);
          const { path: name, key: pathKey } = resolveCollision(wanted, source.photoId, (k) => this.#taken.has(k));
          this.#taken.add(pathKey);
          jobs.push([source.path, name, context.date]);
          named.push({ index: i, record: this.#linkRecord(item, name, pathKey, wanted) });
        }
        const failed = linker.link(this.#deps.archiveDir, this.#root, jobs);
        // Index entries made while the worker links; kept only for the links that are made.
        const batch = named.map(({ index, record }): NewLink => {
          const file = { item: items[index]!, path: record.path };
          const entry = indexEntry(file);
          entries.push(entry);
          return { index, record, placed: { file, entry } };
        });
        const settled = settle(batch, failed);
        settled.catch(() => undefined); // awaited below; a failure while others are still settling is not unhandled
        settling.push(settled);
        if (settling.length > LINK_AHEAD) await settling.shift();
      }
      // All new, all handed over: the index is known unless a link fails, and is written while the last ones are made.
      if (entries.length === items.length) {
        this.#stagedIndex = this.#stageIndex(entries);
        this.#stagedIndex.catch(() => undefined); // awaited in #writeIndex; failing, the index is written the usual way
      }
    } finally {
      await Promise.all(settling);
    }
    return linked;
  }

  /** The record of a hard link made by the worker: the archive's own bytes and hash, dated like the photo. */
  #linkRecord(item: ExportItem, path: string, pathKey: string, wantedPath: string): ExportRecord {
    return {
      photoId: item.source.photoId,
      sizeType: item.source.sizeType,
      path,
      pathKey,
      wantedPath,
      recipe: this.#recipe(item),
      method: 'hardlink',
      bytes: item.source.bytes,
      mtimeMs: item.context.date * 1000,
      sha256: item.source.sha256,
      sidecarSha256: null,
      exportedAt: this.#deps.now(),
    };
  }

  /** Remembers a record for the rest of the run, and queues it (see #queue). */
  #save(record: ExportRecord): void {
    this.#records.set(itemKey(record.photoId, record.sizeType), this.#queue(record));
  }

  /** Queues a record: it is written with the others of its step. */
  #queue(record: ExportRecord): ExportRecord {
    this.#pending.set(itemKey(record.photoId, record.sizeType), record);
    return record;
  }

  #flush(): void {
    if (this.#pending.size === 0) return;
    this.#deps.repo.recordMany(this.#profileId, [...this.#pending.values()]);
    this.#pending.clear();
  }

  #recipe(item: ExportItem): string {
    const tags = this.#tags(item);
    return `v1:${this.#settings.mode}:${tags ? sha256Text(JSON.stringify(tags)).slice(0, 16) : 'plain'}:${item.source.sha256}`;
  }

  #tags(item: ExportItem): ReturnType<typeof metadataTags> {
    if (!this.#settings.writeMetadata || this.#settings.mode === 'hardlink') return null;
    const c = item.context;
    return metadataTags(item.source.mime, { userId: c.userId, kind: c.kind, date: c.date, names: c.then }, this.#settings.timeZone);
  }

  /** Decides whether the file needs making and, if so, makes it in the staging folder. Touches no shared state. */
  async #prepare(item: ExportItem, wanted: string): Promise<Prepared> {
    const { source } = item;
    let temp: string | null = null;
    try {
      const record = this.#records.get(itemKey(source.photoId, source.sizeType));
      const own = record ? await diskState(toAbs(this.#root, record.path), record) : null;
      if (record && own === 'same' && record.wantedPath === wanted && record.recipe === this.#recipe(item)) return { kind: 'unchanged', record };

      temp = stagingName(this.#root, item.context.ext);
      const madeBy = await makeFile(path.join(this.#deps.archiveDir, ...source.path.split('/')), temp, this.#settings.mode);
      const tags = madeBy === 'hardlink' ? null : this.#tags(item);
      if (tags) await this.#deps.metadata.write(temp, tags);
      // On a hard link this dates the archive's own file too; nothing reads the archive's file times.
      await fs.utimes(temp, item.context.date, item.context.date);
      if (madeBy !== 'hardlink') await fsyncFile(temp);
      const sha256 = tags ? await sha256File(temp) : source.sha256;
      const { size } = await fs.stat(temp);
      return { kind: 'made', temp, sha256, bytes: size, madeBy, own };
    } catch (error) {
      if (temp) await fs.rm(temp, { force: true }).catch(() => undefined);
      return { kind: 'failed', message: (error as Error).message };
    }
  }

  /** Settles the name (in item order, so collisions resolve the same way every time), renames, records. */
  async #place(item: ExportItem, wanted: string, prepared: Prepared): Promise<string | null> {
    const { source } = item;
    const key = itemKey(source.photoId, source.sizeType);
    if (prepared.kind === 'failed') {
      this.#fail(wanted, prepared.message);
      return null;
    }
    if (prepared.kind === 'unchanged') {
      this.#summary.unchanged++;
      await this.#sidecar(item, prepared.record, false);
      return prepared.record.path;
    }

    const previous = this.#records.get(key);
    let replaceable: string | null = null;
    if (previous) {
      this.#taken.delete(previous.pathKey);
      if (prepared.own === 'same') replaceable = previous.pathKey;
      else if (prepared.own === 'edited' && this.#summary.keptEdited.length < MAX_LISTED) this.#summary.keptEdited.push(previous.path);
    }

    let final: string | null = null;
    let adopted = false;
    for (const candidate of collisionCandidates(wanted, source.photoId)) {
      const candidateKey = collisionKey(candidate);
      if (this.#taken.has(candidateKey)) continue;
      const abs = toAbs(this.#root, candidate);
      this.#ensureDir(path.dirname(abs));
      const existing = await statOrNull(abs);
      if (!existing || candidateKey === replaceable) {
        await fs.rename(prepared.temp, abs);
      } else if (existing.isFile() && existing.size === prepared.bytes && (await sha256File(abs)) === prepared.sha256) {
        await fs.rm(prepared.temp, { force: true }); // already there, identical: written before a crash, or by hand
        adopted = true;
      } else {
        continue; // someone else's file
      }
      final = candidate;
      break;
    }
    if (final === null) throw new Error('no free name');

    if (previous && prepared.own === 'same' && collisionKey(final) !== previous.pathKey) await this.#removeOwn(previous);
    const stat = await fs.stat(toAbs(this.#root, final));
    const record: ExportRecord = {
      photoId: source.photoId,
      sizeType: source.sizeType,
      path: final,
      pathKey: collisionKey(final),
      wantedPath: wanted,
      recipe: this.#recipe(item),
      method: prepared.madeBy,
      bytes: stat.size,
      mtimeMs: Math.trunc(stat.mtimeMs),
      sha256: prepared.sha256,
      sidecarSha256: null,
      exportedAt: this.#deps.now(),
    };
    this.#taken.add(record.pathKey);
    this.#save(record);
    if (adopted) this.#summary.unchanged++;
    else this.#summary.written++;
    if (this.#settings.mode === 'hardlink' && prepared.madeBy !== 'hardlink') this.#summary.copiedInsteadOfLinked++;
    await this.#sidecar(item, record, true);
    return final;
  }

  /** The JSON beside the file: written when new or changed, recorded by its hash. */
  async #sidecar(item: ExportItem, record: ExportRecord, fileWritten: boolean): Promise<void> {
    if (!this.#settings.sidecars) return;
    const text = sidecarText({ item, path: record.path });
    const sha = sha256Text(text);
    const file = toAbs(this.#root, record.path) + SIDECAR_SUFFIX;
    if (!fileWritten && record.sidecarSha256 === sha && (await statOrNull(file))) return;
    await writeTextAtomic(this.#root, file, text);
    this.#save({ ...record, sidecarSha256: sha });
  }

  /** Our own earlier file, untouched by the person, now under another name: moved on, so the old one goes. */
  async #removeOwn(previous: ExportRecord): Promise<void> {
    const abs = toAbs(this.#root, previous.path);
    await fs.rm(abs, { force: true });
    if (previous.sidecarSha256) await fs.rm(abs + SIDECAR_SUFFIX, { force: true });
    await fs.rmdir(path.dirname(abs)).catch(() => undefined); // only when empty
  }

  /**
   * Creates a folder for a name, and refuses one that a symbolic link leads out of the destination.
   * Synchronous like the links: a thread-pool round trip costs more than the call, once per folder.
   */
  #ensureDir(dir: string): void {
    if (this.#checkedDirs.has(dir)) return;
    fsSync.mkdirSync(dir, { recursive: true });
    const real = fsSync.realpathSync.native(dir);
    if (real !== this.#root && !isWithin(this.#root, real)) throw new Error(`${dir} leads outside the export folder (a link?); nothing was written there.`);
    this.#checkedDirs.add(dir);
  }

  /** Puts the index in place: the one staged ahead when it holds these very entries, else written now. */
  async #writeIndex(entries: readonly IndexEntry[]): Promise<void> {
    let staged = await this.#stagedIndex?.catch(() => null);
    if (!staged || staged.entries.length !== entries.length || staged.entries.some((e, i) => e !== entries[i])) staged = await this.#stageIndex(entries);
    await Promise.all(staged.renames.map(([temp, file]) => fs.rename(temp, file)));
  }

  /** The index files that differ from what is on disk, written and flushed under temporary names, side by side (each waits mostly on its fsync). */
  async #stageIndex(entries: readonly IndexEntry[]): Promise<StagedIndex> {
    const texts = { 'index.json': indexJson(entries), 'index.csv': indexCsv(entries) };
    const renames = await Promise.all(
      INDEX_FILES.map(async (name): Promise<[string, string] | null> => {
        const file = path.join(this.#root, name);
        const current = await fs.readFile(file, 'utf8').catch(() => null);
        return current === texts[name] ? null : [await stageText(this.#root, texts[name]), file];
      }),
    );
    return { entries, renames: renames.filter((r) => r !== null) };
  }

  /** index.html and the thumbnails it shows (copied once; named by content, so never stale). */
  async #writeWebPage(files: readonly IndexedFile[], snapshots: readonly IdentityRow[]): Promise<void> {
    const thumbsDir = path.join(this.#root, WEB_DIR, 'thumbs');
    await fs.mkdir(thumbsDir, { recursive: true });
    const thumbs = new Map<string, string>();
    for (const { item } of files) {
      const grid = item.source.gridPath;
      if (!grid || thumbs.has(item.source.sha256)) continue;
      const name = `${item.source.sha256}${path.extname(grid)}`;
      const target = path.join(thumbsDir, name);
      if (!(await statOrNull(target))) {
        const copied = await fs.copyFile(path.join(this.#deps.archiveDir, ...grid.split('/')), target).then(
          () => true,
          () => false, // a thumbnail gone missing: the page shows the photo itself
        );
        if (!copied) continue;
      }
      thumbs.set(item.source.sha256, `${WEB_DIR}/thumbs/${name}`);
    }
    const html = webPageHtml({ files, snapshots, thumbFor: (sha) => thumbs.get(sha) ?? null, timeZone: this.#settings.timeZone, madeAt: this.#deps.now() });
    const file = path.join(this.#root, WEB_PAGE);
    const current = await fs.readFile(file, 'utf8').catch(() => null);
    // The page says when it was made: rewritten only when something else in it changed.
    if (current === null || current.replace(MADE_AT, '') !== html.replace(MADE_AT, '')) await writeTextAtomic(this.#root, file, html);
  }

  #fail(where: string, message: string): void {
    if (this.#summary.errors.length < MAX_LISTED) this.#summary.errors.push({ path: where, message });
  }
}
