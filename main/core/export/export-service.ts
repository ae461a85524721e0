/**
 * Export profiles as the app, the CLI and auto-export use them: saved and
 * checked settings, the preview of the first names, one run at a time with
 * progress events and cancel, and the runs that follow each archive run.
 */
import path from 'node:path';
import { ExportSettings, type ExportPreview, type ExportProfile, type ExportProgress, type ExportSummary } from '../../../preload/contract/export.js';
import { UserFacingError } from '../api/app-error.js';
import type { ExportRepo } from '../archive/export-repo.js';
import { checkTimeZone } from './date-format.js';
import { ExportRun } from './exporter.js';
import type { MetadataWriter } from './metadata-writer.js';
import { selectItems } from './selection.js';
import { compileTemplate, DEFAULT_TEMPLATE, renderPath, resolveCollision } from './template.js';

export interface ExportServiceDeps {
  readonly archiveDir: string;
  readonly repo: ExportRepo;
  readonly metadata: MetadataWriter;
  readonly now: () => number;
  readonly publish: (progress: ExportProgress) => void;
  readonly log: { warn(message: string, detail?: unknown): void; info(message: string, detail?: unknown): void };
  /** ms between progress events. Default 250. */
  readonly progressIntervalMs?: number;
}

export function defaultSettings(destination: string): ExportSettings {
  return {
    name: 'Export',
    destination,
    template: DEFAULT_TEMPLATE,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    mode: 'copy',
    include: { stills: true, videos: true, profile: true, personal: true, fallback: true, removed: 'mark' },
    writeMetadata: true,
    sidecars: false,
    webPage: false,
    autoExport: false,
  };
}

const invalid = (message: string): UserFacingError => new UserFacingError('EXPORT_SETTINGS_INVALID', message);

export class ExportService {
  readonly #d: ExportServiceDeps;
  #current: { profileId: number; abort: AbortController; done: Promise<ExportSummary> } | null = null;
  /** Profiles waiting to run after the current export (auto-export after an archive run). */
  readonly #queue: number[] = [];
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(deps: ExportServiceDeps) {
    this.#d = deps;
  }

  /** Checks settings the contract's shape cannot: the template, the zone, the folder, the mode. Throws with the reason. */
  check(settings: ExportSettings): void {
    const template = compileTemplate(settings.template);
    if (!template.ok) throw new UserFacingError('EXPORT_TEMPLATE_INVALID', template.message);
    try {
      checkTimeZone(settings.timeZone);
    } catch (error) {
      throw invalid((error as Error).message);
    }
    if (!path.isAbsolute(settings.destination)) throw invalid(`The export folder must be a full path (got "${settings.destination}").`);
    const destination = path.resolve(settings.destination);
    const archive = path.resolve(this.#d.archiveDir);
    const rel = path.relative(archive, destination);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) throw invalid('The export folder cannot be inside the archive folder.');
    if (settings.mode === 'hardlink' && settings.writeMetadata) {
      throw invalid('Hard links share the archive\'s own bytes, so nothing can be written into them: choose copy or reflink to write dates into the files.');
    }
    if (!settings.include.stills && !settings.include.videos) throw invalid('Choose stills, videos or both.');
    if (!settings.include.profile && !settings.include.personal && !settings.include.fallback) throw invalid('Choose at least one kind of photo.');
  }

  profiles(): ExportProfile[] {
    return this.#d.repo.profiles().flatMap((row) => {
      const profile = this.#parse(row);
      return profile ? [profile] : [];
    });
  }

  profile(id: number): ExportProfile {
    const row = this.#d.repo.profile(id);
    const profile = row && this.#parse(row);
    if (!profile) throw new UserFacingError('EXPORT_PROFILE_NOT_FOUND', `There is no export profile ${id}.`);
    return profile;
  }

  byName(name: string): ExportProfile | undefined {
    return this.profiles().find((p) => p.settings.name.toLowerCase() === name.toLowerCase());
  }

  save(settings: ExportSettings, id?: number): ExportProfile {
    this.check(settings);
    const { name, ...rest } = settings;
    const clash = this.byName(name);
    if (clash && clash.id !== id) throw invalid(`There is already an export profile named "${name}".`);
    const json = JSON.stringify({ ...rest, destination: path.resolve(rest.destination) });
    if (id === undefined) return this.profile(this.#d.repo.insertProfile(name, json, this.#d.now()));
    if (!this.#d.repo.updateProfile(id, name, json, this.#d.now())) throw new UserFacingError('EXPORT_PROFILE_NOT_FOUND', `There is no export profile ${id}.`);
    return this.profile(id);
  }

  remove(id: number): void {
    if (this.#current?.profileId === id) throw new UserFacingError('EXPORT_BUSY', 'That profile is exporting right now; cancel it first.');
    if (!this.#d.repo.deleteProfile(id)) throw new UserFacingError('EXPORT_PROFILE_NOT_FOUND', `There is no export profile ${id}.`);
  }

  /** The first names the template gives on this archive (collisions among them resolved as the export would). */
  preview(settings: ExportSettings, limit: number): ExportPreview {
    const compiled = compileTemplate(settings.template);
    if (!compiled.ok) return { ok: false, message: compiled.message };
    try {
      checkTimeZone(settings.timeZone);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    const { repo } = this.#d;
    const items = selectItems(repo.sources(), repo.snapshots(), repo.targetNames(), settings.include);
    const taken = new Set<string>();
    const paths = items.slice(0, limit).map((item) => {
      const resolved = resolveCollision(renderPath(compiled.template, item.context, settings.timeZone), item.context.photoId, (k) => taken.has(k));
      taken.add(resolved.key);
      return resolved.path;
    });
    return { ok: true, paths, total: items.length };
  }

  get running(): number | null {
    return this.#current?.profileId ?? null;
  }

  /** Starts an export of one profile in the background. */
  start(id: number): { readonly done: Promise<ExportSummary> } {
    if (this.#current) throw new UserFacingError('EXPORT_BUSY', 'An export is already running.');
    const profile = this.profile(id);
    this.check(profile.settings);
    const abort = new AbortController();
    const done = this.#execute(profile, abort.signal).finally(() => {
      this.#current = null;
    });
    this.#current = { profileId: id, abort, done };
    return { done };
  }

  /** Runs one profile to its end (waiting for a running export first). */
  async run(id: number): Promise<ExportSummary> {
    await this.#current?.done.catch(() => undefined);
    return this.start(id).done;
  }

  /** Cancels the running export and the ones waiting after an archive run. */
  cancel(): boolean {
    this.#queue.length = 0;
    if (!this.#current || this.#current.abort.signal.aborted) return false;
    this.#current.abort.abort();
    return true;
  }

  /**
   * After an archive run: export every profile that asks for it, one after
   * another, in the background. Call it where a run ends; it never throws.
   */
  exportAfterRun(): void {
    if (this.#closed) return;
    for (const profile of this.profiles()) if (profile.settings.autoExport && !this.#queue.includes(profile.id)) this.#queue.push(profile.id);
    this.#chain = this.#chain.then(() => this.#drain());
  }

  /** Resolves when no export runs and none waits. */
  async settled(): Promise<void> {
    for (;;) {
      const chain = this.#chain;
      await chain;
      await this.#current?.done.catch(() => undefined);
      if (chain === this.#chain && !this.#current && this.#queue.length === 0) return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.cancel();
    await this.settled();
  }

  async #drain(): Promise<void> {
    for (let id = this.#queue.shift(); id !== undefined; id = this.#queue.shift()) {
      try {
        const summary = await this.run(id);
        this.#d.log.info('auto-export finished', { profile: id, status: summary.status, written: summary.written });
      } catch (error) {
        this.#d.log.warn('auto-export did not run', { profile: id, error: (error as Error).message });
      }
    }
  }

  async #execute(profile: ExportProfile, signal: AbortSignal): Promise<ExportSummary> {
    const { settings } = profile;
    const interval = this.#d.progressIntervalMs ?? 250;
    let last = 0;
    const publish = (p: Omit<ExportProgress, 'profileId'>): void => this.#d.publish({ profileId: profile.id, ...p });
    publish({ state: 'running', done: 0, total: 0, written: 0, summary: null });
    let summary: ExportSummary;
    try {
      const run = new ExportRun({ archiveDir: this.#d.archiveDir, repo: this.#d.repo, metadata: this.#d.metadata, now: this.#d.now }, profile.id, settings);
      summary = await run.run({
        signal,
        onProgress: (p) => {
          const now = this.#d.now();
          if (now - last < interval) return;
          last = now;
          publish({ state: 'running', ...p, summary: null });
        },
      });
    } catch (error) {
      const now = this.#d.now();
      summary = { status: 'failed', startedAt: now, finishedAt: now, total: 0, written: 0, unchanged: 0, keptEdited: [], copiedInsteadOfLinked: 0, errors: [], error: (error as Error).message };
    }
    this.#d.repo.setLastRun(profile.id, JSON.stringify(summary));
    publish({ state: summary.status, done: summary.written + summary.unchanged, total: summary.total, written: summary.written, summary });
    return summary;
  }

  #parse(row: { id: number; name: string; settings: string; lastRun: string | null }): ExportProfile | null {
    try {
      const settings = ExportSettings.safeParse({ ...(JSON.parse(row.settings) as object), name: row.name });
      if (!settings.success) {
        this.#d.log.warn('an export profile could not be read', { id: row.id });
        return null;
      }
      return { id: row.id, settings: settings.data, lastRun: row.lastRun ? (JSON.parse(row.lastRun) as ExportSummary) : null };
    } catch {
      return null;
    }
  }
}
