/** `targets add|list|candidates|remove|pause|resume`. */
import type { TargetRow } from '../../core/archive/targets-repo.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { RequestOutput } from '../../../preload/contract.js';
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

export async function targetsAdd(
  ctx: CliContext,
  out: Output,
  cmd: { queries: readonly string[]; from?: 'contacts' | 'dialogs' | undefined; all: boolean; account?: number },
): Promise<number> {
  // One entry per person, however many ways they were named (@alice and her id).
  const added = new Map<number, RequestOutput<'targets.add'>>();
  const failed: { query: string; code: string; message: string }[] = [];
  const accountId = cmd.account !== undefined ? { accountId: cmd.account } : {};
  const attempt = async (query: string, input: { query: string } | { userId: number }): Promise<void> => {
    try {
      const t = await request(ctx.host, 'targets.add', { ...input, ...accountId });
      if (!added.has(t.userId)) out.result(null, `added ${display(t)}`);
      added.set(t.userId, t);
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.REFUSED) throw error;
      failed.push({ query, code: error.code, message: error.message });
      out.error(`${query}: ${error.message}`);
    }
  };
  for (const query of cmd.queries) await attempt(query, { query });
  let candidates: RequestOutput<'targets.candidates'>['items'] | undefined;
  if (cmd.from) {
    const { items } = await request(ctx.host, 'targets.candidates', { source: cmd.from, ...accountId });
    if (!cmd.all) {
      candidates = items;
      out.result(null, items.length ? items.map((c) => `${c.isTarget ? '*' : ' '} ${display(c)}`) : [`No ${cmd.from} to pick from.`]);
      out.info(`Add with: targets add <@name or id>..., or --from ${cmd.from} --all. (* = already archived)`);
    } else {
      for (const c of items.filter((i) => !i.isTarget)) await attempt(String(c.userId), { userId: c.userId });
    }
  }
  out.result({ added: [...added.values()], failed, ...(candidates ? { candidates } : {}) }, [], failed.length === 0);
  return failed.length ? EXIT.REFUSED : EXIT.OK;
}

/** Every target with what the archive holds of them (targets list, status). */
export function personRows(ctx: CliContext) {
  return ctx.host.repos.targets.all().map((t) => {
    const counts = ctx.host.sync.repos.photos.counts(t.userId);
    const state = ctx.host.sync.repos.state.get(t.userId);
    return {
      userId: t.userId,
      firstName: t.firstName,
      lastName: t.lastName,
      username: t.username,
      accountId: t.accountId,
      paused: t.paused,
      status: state?.status ?? 'new',
      photos: counts.photos,
      removed: counts.removed,
      hidden: counts.hidden,
      pending: counts.pending,
      lastCheckAt: state?.lastCheckAt ?? null,
      lastError: state?.lastError ?? null,
    };
  });
}

export function describePerson(r: ReturnType<typeof personRows>[number]): string {
  return (
    `${display(r)}  ${r.photos} photos${r.removed ? `, ${r.removed} removed` : ''}${r.hidden ? `, ${r.hidden} hidden` : ''}` +
    `${r.pending ? `, ${r.pending} pending` : ''}${r.paused ? ' (paused)' : ''}${r.status !== 'active' && r.status !== 'new' ? ` [${r.status}]` : ''}`
  );
}

export async function targetsList(ctx: CliContext, out: Output): Promise<number> {
  const rows = personRows(ctx);
  out.result({ targets: rows }, rows.length ? rows.map(describePerson) : ['No targets yet. Add one with: targets add @username']);
  return EXIT.OK;
}

export async function targetsRemove(ctx: CliContext, out: Output, who: readonly string[], purge: boolean): Promise<number> {
  const all = ctx.host.repos.targets.all();
  const results: ({ userId: number } & RequestOutput<'targets.remove'>)[] = [];
  const notFound: string[] = [];
  for (const w of who) {
    const t = findTarget(all, w);
    // An id is removed (and purged) even when it is no longer a target: what a run left of them goes too.
    const userId = t?.userId ?? (/^\d+$/.test(w) ? Number(w) : null);
    if (userId === null) {
      // Removing twice is not an error: the person is already gone.
      notFound.push(w);
      out.info(`${w} is not a target (already removed?); nothing to do.`);
      continue;
    }
    if (results.some((r) => r.userId === userId)) continue;
    const r = await request(ctx.host, 'targets.remove', { userId, purge });
    results.push({ userId, ...r });
    const name = t ? display(t) : `[${userId}]`;
    out.result(null, `${r.removed ? 'removed' : 'not a target:'} ${name}${purge ? `: ${r.photosPurged} photos and ${r.filesDeleted} files deleted` : r.removed ? ' (photos kept)' : ''}`);
  }
  out.result({ removed: results, notFound }, []);
  return EXIT.OK;
}

export async function targetsPause(ctx: CliContext, out: Output, who: readonly string[], paused: boolean): Promise<number> {
  const changed: number[] = [];
  for (const t of resolveTargets(ctx, who)) {
    await request(ctx.host, 'targets.setPaused', { userId: t.userId, paused });
    if (!changed.includes(t.userId)) changed.push(t.userId);
  }
  out.result({ changed }, `${paused ? 'paused' : 'resumed'} ${who.join(', ')}`);
  return EXIT.OK;
}
