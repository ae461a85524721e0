/**
 * Resolving the client's InputUser / InputPeer against the world, with the access-hash
 * check Telegram does. The sandbox has one access hash per user for every viewer (on
 * Telegram it differs per viewing account); a wrong hash resolves to nothing.
 */
import { Api } from 'telegram';
import { RpcError, type CallContext } from '../server/api.js';
import type { UserState, World } from '../world/world.js';
import { toBigInt } from './tl.js';

/** The logged-in account making the call, or 401 AUTH_KEY_UNREGISTERED. */
export function viewerOf(ctx: CallContext): number {
  if (ctx.userId === null) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
  return ctx.userId;
}

export function resolveInputUser(world: World, input: Api.TypeInputUser, viewerId: number): UserState | null {
  if (input instanceof Api.InputUserSelf) return world.user(viewerId) ?? null;
  if (input instanceof Api.InputUser) {
    const user = world.user(Number(toBigInt(input.userId)));
    if (!user) return null;
    return user.accessHash === toBigInt(input.accessHash) ? user : null;
  }
  // inputUserEmpty and inputUserFromMessage (the sandbox has no messages to vouch for a user).
  return null;
}

export function resolveInputPeerUser(world: World, input: Api.TypeInputPeer, viewerId: number): UserState | null {
  if (input instanceof Api.InputPeerSelf) return world.user(viewerId) ?? null;
  if (input instanceof Api.InputPeerUser) {
    const user = world.user(Number(toBigInt(input.userId)));
    if (!user) return null;
    return user.accessHash === toBigInt(input.accessHash) ? user : null;
  }
  return null;
}
