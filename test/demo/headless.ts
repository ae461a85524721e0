/**
 * `npm run demo -- --headless [--archive DIR] [--out DIR]`: no window, no
 * Electron. Archives the demo world (every contact of the demo account) into a
 * folder, then exports it (dates in the files, sidecars, the offline web page),
 * printing progress; ends by naming the folder and its index.html.
 */
import path from 'node:path';
import type { ExportProgress } from '../../preload/contract/export.js';
import type { SyncProgress } from '../../preload/contract/sync.js';
import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import { createHost } from '../../main/host.js';
import type { Sandbox } from '../sandbox/index.js';

async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function runHeadless(o: { sandbox: Sandbox; archiveDir: string; outDir: string | undefined; account: number; api: { apiId: number; apiHash: string } }): Promise<void> {
  const secrets = new MemorySecretStore();
  const host = createHost({ archiveDir: o.archiveDir, secrets, appVersion: 'demo', platform: process.platform, serverProfile: o.sandbox.serverProfile, telegramClientOptions: { logLevel: 'none' } });
  try {
    await ok(host.dispatch('credentials.set', o.api));
    await secrets.set(`session:${o.account}`, o.sandbox.sessionString(o.account));
    const account = o.sandbox.world.account(o.account)!;
    host.repos.accounts.upsert({ id: o.account, phone: account.phone, firstName: 'Demo', lastName: 'Archivist', username: 'demo_archivist', dcId: account.dc }, Date.now());

    const { items } = await ok<{ items: { userId: number; isTarget: boolean }[] }>(host.dispatch('targets.candidates', { source: 'contacts' }));
    for (const c of items) if (!c.isTarget) await ok(host.dispatch('targets.add', { userId: c.userId }));
    console.log(`archiving ${items.length} people into ${o.archiveDir} ...`);
    let lastLine = 0;
    const unsubscribe = host.events.subscribe((event, payload) => {
      const now = Date.now();
      if (now - lastLine < 1000) return;
      lastLine = now;
      if (event === 'sync.progress') {
        const p = payload as SyncProgress;
        console.log(`  ${p.phase}: people ${p.targetsDone}/${p.targetsTotal}, files ${p.filesDownloaded}/${p.filesTotal}`);
      } else if (event === 'export.progress') {
        const p = payload as ExportProgress;
        if (p.state === 'running') console.log(`  export: ${p.done}/${p.total} files, ${p.written} written`);
      }
    });
    const run = await (await host.sync.service.start({})).done;
    console.log(`archive run ${run.status}: ${run.photosFound} photos, ${run.filesDownloaded} files, ${run.errors} errors`);
    host.thumbnails.poke();
    await host.thumbnails.idle();

    const destination = path.resolve(o.outDir ?? `${o.archiveDir} export`);
    const { defaults } = await ok<{ defaults: Parameters<typeof host.exports.save>[0] }>(host.dispatch('export.fields', {}));
    // Again on the same --archive: the same profile, so the export goes on incrementally.
    const profile = host.exports.save({ ...defaults, name: 'Demo export', destination, sidecars: true, webPage: true }, host.exports.byName('Demo export')?.id);
    console.log(`exporting into ${destination} ...`);
    const summary = await host.exports.run(profile.id);
    unsubscribe();
    console.log(`export ${summary.status}: ${summary.total} files, ${summary.written} written, ${summary.unchanged} unchanged, ${summary.errors.length} errors`);
    console.log(`open ${path.join(destination, 'index.html')} in any browser (no server needed)`);
  } finally {
    await host.close();
  }
}
