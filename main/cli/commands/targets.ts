/** `targets add|list|candidates|remove|pause|resume`. */
import type { TargetRow } from '../../core/archive/targets-repo.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { request } from '../requests.js';

const display = (t: { firstName: string; lastName: string; username: string | null; userId: number }): string =>
  `${[t.firstName, t.lastName].filter(Boolean).join(' ') || '(no name)'}${t.username ? ` @${t.username}` : ''} [${t.userId}]`;

/** A target named by id or @username (or plain username). */
export function findTarget(targets: readonly TargetRow[], who: string): TargetRow | undefined {
  if (/^\d+$/.test(who)) return targets.find((t) => t.userId === Number(who));
  const name = who.replace(/^@/, '').toLowerCase();
  return targets.find((t) => t.username?.toLowerCase() === name);
}

export function resolveTargets(ctx: CliContext, who: readonly string[]): TargetRow[] {
  const all = ctx.host.repos.targets.all();
  return who.map((w) => {
    const t = findTarget(all, w);
    if (!t) throw new CliError(EXIT.REFUSED, `${w} is not a target. See: targets list`, 'NOT_A_TARGET');
    return t;
  });
}

export async function targetsAdd(ctx: CliContext, out: Output, queries: readonly string[], from: 'contacts' | 'dialogs' | undefined, all: boolean): Promise<number> {
  const added: unknown[] = [];
  const failed: { query: string; code: string; message: string }[] = [];
  const attempt = async (query: string, input: { query: string } | { userId: number }): Promise<void> => {
    try {
      const t = await request(ctx.host, 'targets.add', input);
      added.push(t);
      if (!out.json) out.result(null, `added ${display(t)}`);
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.REFUSED) throw error;
      failed.push({ query, code: error.code, message: error.message });
      out.error(`${query}: ${error.message}`);
    }
  };
  for (const query of queries) await attempt(query, { query });
  if (from) {
    const { items } = await request(ctx.host, 'targets.candidates', { source: from });
    if (!all) {
      out.result({ candidates: items }, items.length ? items.map((c) => `${c.isTarget ? '*' : ' '} ${display(c)}`) : [`No ${from} to pick from.`]);
      if (!out.json) out.info(`Add with: targets add <@name or id>..., or --from ${from} --all. (* = already archived)`);
    } else {
      for (const c of items.filter((i) => !i.isTarget)) await attempt(String(c.userId), { userId: c.userId });
    }
  }
  if (out.json && (queries.length || all)) out.result({ added, failed }, '');
  return failed.length ? EXIT.REFUSED : EXIT.OK;
}

export async function targetsList(ctx: CliContext, out: Output): Promise<number> {
  const targets = ctx.host.repos.targets.all();
  const rows = targets.map((t) => {
    const counts = ctx.host.sync.repos.photos.counts(t.userId);
    const state = ctx.host.sync.repos.state.get(t.userId);
    return {
      userId: t.userId,
      firstName: t.firstName,
      lastName: t.lastName,
      username: t.username,
      paused: t.paused,
      status: state?.status ?? 'new',
      photos: counts.photos,
      removed: counts.removed,
      pending: counts.pending,
      lastCheckAt: state?.lastCheckAt ?? null,
      lastError: state?.lastError ?? null,
    };
  });
  out.result(
    { targets: rows },
    rows.length
      ? rows.map((r) => `${display(r)}  ${r.photos} photos${r.removed ? `, ${r.removed} removed` : ''}${r.pending ? `, ${r.pending} pending` : ''}${r.paused ? ' (paused)' : ''}${r.status !== 'active' && r.status !== 'new' ? ` [${r.status}]` : ''}`)
      : ['No targets yet. Add one with: targets add @username'],
  );
  return EXIT.OK;
}

export async function targetsRemove(ctx: CliContext, out: Output, who: readonly string[], purge: boolean): Promise<number> {
  const results = [];
  for (const t of resolveTargets(ctx, who)) {
    const r = await request(ctx.host, 'targets.remove', { userId: t.userId, purge });
    results.push({ userId: t.userId, ...r });
    if (!out.json) out.result(null, `removed ${display(t)}${purge ? `: ${r.photosPurged} photos and ${r.filesDeleted} files deleted` : ' (photos kept)'}`);
  }
  if (out.json) out.result({ removed: results }, '');
  return EXIT.OK;
}

export async function targetsPause(ctx: CliContext, out: Output, who: readonly string[], paused: boolean): Promise<number> {
  for (const t of resolveTargets(ctx, who)) await request(ctx.host, 'targets.setPaused', { userId: t.userId, paused });
  out.result({ ok: true }, `${paused ? 'paused' : 'resumed'} ${who.join(', ')}`);
  return EXIT.OK;
}
