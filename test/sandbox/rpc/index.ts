/**
 * The RPC handlers the sandbox adds to the protocol server: everything about users,
 * contacts, dialogs, profile photos and their files. Keys are GramJS class names.
 */
import type { Api } from 'telegram';
import type { CallContext, RpcHandler } from '../server/api.js';
import type { World } from '../world/world.js';
import { getContacts, resolvePhone, resolveUsername } from './contacts.js';
import { getDialogs } from './dialogs.js';
import { getUserPhotos } from './photos.js';
import { getFile } from './upload.js';
import { getFullUser, getUsers } from './users.js';

type Typed<R> = (world: World, request: R, ctx: CallContext) => unknown;

/** Adapts a handler for one request class to the seam's untyped signature. */
function bind<R>(world: World, fn: Typed<R>): RpcHandler {
  return (request: Api.AnyRequest, ctx: CallContext) => fn(world, request as unknown as R, ctx);
}

export function createHandlers(world: World): Map<string, RpcHandler> {
  return new Map<string, RpcHandler>([
    ['users.GetUsers', bind(world, getUsers)],
    ['users.GetFullUser', bind(world, getFullUser)],
    ['photos.GetUserPhotos', bind(world, getUserPhotos)],
    ['upload.GetFile', bind(world, getFile)],
    ['contacts.GetContacts', bind(world, getContacts)],
    ['contacts.ResolveUsername', bind(world, resolveUsername)],
    ['contacts.ResolvePhone', bind(world, resolvePhone)],
    ['messages.GetDialogs', bind(world, getDialogs)],
  ]);
}
