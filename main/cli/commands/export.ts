/** `export` (run a profile, a folder, or all) and `export profiles list|add|remove`; and auto-export's output after `sync`. */
import path from 'node:path';
import type { ExportProfile, ExportProgress, ExportSettings, ExportSummary } from '../../../preload/contract/export.js';
import { UserFacingError } from '../../core/api/app-error.js';
import { defaultSettings } from '../../core/export/export-service.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { ExportCommand, ExportSettingFlags } from '../export-args.js';
import type { Output } from '../output.js';
import type { Interrupt } from './sync.js';

const refused = (error: unknown): never => {
  if (error instanceof UserFacingError) {
    const usage = error.code === 'EXPORT_TEMPLATE_INVALID' || error.code === 'EXPORT_SETTINGS_INVALID';
    throw new CliError(usage ? EXIT.USAGE : EXIT.REFUSED, error.message, error.code);
  }
  throw error;
};

function applyFlags(settings: ExportSettings, flags: ExportSettingFlags): ExportSettings {
  return {
    ...settings,
    ...(flags.template !== undefined ? { template: flags.template } : {}),
    ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
    ...(flags.timeZone !== undefined ? { timeZone: flags.timeZone } : {}),
    // Hard links cannot hold metadata: asking for them turns it off unless --no-metadata already did.
    ...(flags.writeMetadata !== undefined || flags.mode === 'hardlink' ? { writeMetadata: false } : {}),
    ...(flags.sidecars !== undefined ? { sidecars: flags.sidecars } : {}),
    ...(flags.omitRemoved ? { include: { ...settings.include, removed: 'omit' as const } } : {}),
    ...(flags.autoExport !== undefined ? { autoExport: flags.autoExport } : {}),
  };
}

function findProfile(ctx: CliContext, name: string): ExportProfile {
  const profile = ctx.host.exports.byName(name);
  if (!profile) throw new CliError(EXIT.REFUSED, `There is no export profile "${name}". See: export profiles list`, 'EXPORT_PROFILE_NOT_FOUND');
  return profile;
}

/** The profile for a folder: the one already exporting there, else a new one named for the folder. */
function profileForFolder(ctx: CliContext, dir: string, flags: ExportSettingFlags): ExportProfile {
  const destination = path.resolve(dir);
  const exports = ctx.host.exports;
  const existing = exports.profiles().find((p) => p.settings.destination === destination);
  try {
    if (existing) return Object.keys(flags).length ? exports.save(applyFlags(existing.settings, flags), existing.id) : existing;
    const base = path.basename(destination) || 'Export';
    let name = base;
    for (let n = 2; exports.byName(name); n++) name = `${base} ${n}`;
    return exports.save(applyFlags({ ...defaultSettings(destination), name }, flags));
  } catch (error) {
    return refused(error);
  }
}

export function describeSummary(name: string, s: ExportSummary): string[] {
  const seconds = ((s.finishedAt - s.startedAt) / 1000).toFixed(1);
  return [
    `export "${name}" ${s.status} in ${seconds}s: ${s.total} files, ${s.written} written, ${s.unchanged} unchanged` +
      `${s.copiedInsteadOfLinked ? `, ${s.copiedInsteadOfLinked} copied (no hard link possible)` : ''}${s.errors.length ? `, ${s.errors.length} errors` : ''}.`,
    ...s.keptEdited.map((p) => `kept your edited file ${p}; the archive's version was written under another name`),
    ...s.errors.map((e) => `error: ${e.path}: ${e.message}`),
    ...(s.error ? [`error: ${s.error}`] : []),
  ];
}

/** Interrupted over failed over some files failed over done. */
function exitFor(summaries: readonly ExportSummary[]): number {
  if (summaries.some((s) => s.status === 'cancelled')) return EXIT.INTERRUPTED;
  if (summaries.some((s) => s.status === 'failed')) return EXIT.FAILURE;
  return summaries.some((s) => s.errors.length) ? EXIT.PARTIAL : EXIT.OK;
}

/** Shows export progress on the terminal while `work` runs; Ctrl-C cancels the export. */
async function withProgress<T>(ctx: CliContext, out: Output, interrupt: Interrupt, work: () => Promise<T>): Promise<T> {
  const names = new Map(ctx.host.exports.profiles().map((p) => [p.id, p.settings.name]));
  const unsubscribe = ctx.host.events.subscribe((event, payload) => {
    if (event !== 'export.progress') return;
    const p = payload as ExportProgress;
    if (p.state === 'running') out.steps(p.done, p.total, `export "${names.get(p.profileId) ?? p.profileId}": ${p.done}/${p.total} files, ${p.written} written`);
  });
  const stop = interrupt.onInterrupt(() => {
    out.endProgress();
    out.info('Stopping the export; what is written is kept and the next run goes on from there.');
    ctx.host.exports.cancel();
  });
  try {
    return await work();
  } finally {
    stop();
    unsubscribe();
    out.endProgress();
  }
}

async function runProfiles(ctx: CliContext, out: Output, interrupt: Interrupt, profiles: readonly ExportProfile[]): Promise<number> {
  const results: { profile: string; summary: ExportSummary }[] = [];
  for (const profile of profiles) {
    if (interrupt.interrupted) break;
    let summary: ExportSummary;
    try {
      summary = await withProgress(ctx, out, interrupt, () => ctx.host.exports.run(profile.id));
    } catch (error) {
      return refused(error);
    }
    results.push({ profile: profile.settings.name, summary });
    if (!out.json) out.result(null, describeSummary(profile.settings.name, summary));
  }
  if (out.json) out.result({ exports: results }, '');
  return exitFor(results.map((r) => r.summary));
}

export async function exportCommand(ctx: CliContext, out: Output, interrupt: Interrupt, cmd: ExportCommand): Promise<number> {
  const exports = ctx.host.exports;
  switch (cmd.name) {
    case 'export.run': {
      if (cmd.profile !== undefined && Object.keys(cmd.settings).length) {
        throw new CliError(EXIT.USAGE, 'Settings go with --to DIR or "export profiles add"; --profile runs a profile as saved.', 'USAGE');
      }
      const profiles = cmd.all ? exports.profiles() : [cmd.profile !== undefined ? findProfile(ctx, cmd.profile) : profileForFolder(ctx, cmd.to!, cmd.settings)];
      if (!profiles.length) throw new CliError(EXIT.REFUSED, 'There are no export profiles. Add one: export profiles add NAME --to DIR', 'EXPORT_PROFILE_NOT_FOUND');
      return runProfiles(ctx, out, interrupt, profiles);
    }
    case 'export.profiles.list': {
      const profiles = exports.profiles();
      out.result(
        { profiles },
        profiles.length
          ? profiles.map(
              (p) =>
                `${p.settings.name}: ${p.settings.destination} · ${p.settings.template} · ${p.settings.mode}${p.settings.writeMetadata ? ' · dates in files' : ''}` +
                `${p.settings.sidecars ? ' · sidecars' : ''}${p.settings.autoExport ? ' · after each run' : ''}` +
                ` · last: ${p.lastRun ? `${p.lastRun.status} ${new Date(p.lastRun.finishedAt).toISOString()}, ${p.lastRun.written} written` : 'never'}`,
            )
          : ['no export profiles (add one: export profiles add NAME --to DIR)'],
      );
      return EXIT.OK;
    }
    case 'export.profiles.add': {
      if (exports.byName(cmd.profile)) throw new CliError(EXIT.REFUSED, `There is already an export profile named "${cmd.profile}".`, 'EXPORT_PROFILE_EXISTS');
      let profile: ExportProfile;
      try {
        profile = exports.save(applyFlags({ ...defaultSettings(path.resolve(cmd.to)), name: cmd.profile }, cmd.settings));
      } catch (error) {
        return refused(error);
      }
      out.result({ profile }, `added export profile "${profile.settings.name}" → ${profile.settings.destination}`);
      return EXIT.OK;
    }
    case 'export.profiles.remove': {
      const profile = findProfile(ctx, cmd.profile);
      try {
        exports.remove(profile.id);
      } catch (error) {
        return refused(error);
      }
      out.result({ removed: profile.id }, `removed export profile "${profile.settings.name}" (the exported files stay)`);
      return EXIT.OK;
    }
  }
}

/** After `sync`: the profiles set to export after each run do so now; show them, and wait for them before exiting. */
export async function awaitAutoExport(ctx: CliContext, out: Output, interrupt: Interrupt): Promise<void> {
  const names = new Map(ctx.host.exports.profiles().map((p) => [p.id, p.settings.name]));
  const unsubscribe = ctx.host.events.subscribe((event, payload) => {
    const p = payload as ExportProgress;
    if (event === 'export.progress' && p.summary && !out.json) out.result(null, describeSummary(names.get(p.profileId) ?? String(p.profileId), p.summary));
  });
  try {
    await withProgress(ctx, out, interrupt, () => ctx.host.exports.settled());
  } finally {
    unsubscribe();
  }
}
