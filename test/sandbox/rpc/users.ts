/** users.getUsers and users.getFullUser. */
import type { Api } from 'telegram';
import { RpcError, type CallContext } from '../server/api.js';
import type { World } from '../world/world.js';
import { resolveInputUser, viewerOf } from './peers.js';
import { apiUser, apiUserFull } from './tl.js';

/** Telegram takes up to 200 users per users.getUsers (architecture.md §3). */
export const MAX_USERS_PER_CALL = 200;

/**
 * Unknown ids and wrong access hashes are left out of the vector, as Telegram does,
 * rather than failing the whole call. More than 200 ids answer LIMIT_INVALID (a sandbox
 * choice: Telegram's answer to oversized calls is undocumented).
 */
export function getUsers(world: World, request: Api.users.GetUsers, ctx: CallContext): Api.TypeUser[] {
  const viewer = viewerOf(ctx);
  const inputs = (request.id ?? []) as unknown as Api.TypeInputUser[];
  if (inputs.length > MAX_USERS_PER_CALL) throw new RpcError(400, 'LIMIT_INVALID');
  const out: Api.TypeUser[] = [];
  for (const input of inputs) {
    const user = resolveInputUser(world, input, viewer);
    if (user) out.push(apiUser(world, user, viewer));
  }
  return out;
}

export function getFullUser(world: World, request: Api.users.GetFullUser, ctx: CallContext): Api.users.UserFull {
  const viewer = viewerOf(ctx);
  const user = resolveInputUser(world, request.id as unknown as Api.TypeInputUser, viewer);
  if (!user) throw new RpcError(400, 'USER_ID_INVALID');
  return apiUserFull(world, user, viewer);
}
