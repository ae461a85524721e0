/** contacts.getContacts, contacts.resolveUsername, contacts.resolvePhone. */
import { Api } from 'telegram';
import { RpcError, type CallContext } from '../server/api.js';
import type { UserState, World } from '../world/world.js';
import { viewerOf } from './peers.js';
import { apiUser, long } from './tl.js';

export function getContacts(world: World, _request: Api.contacts.GetContacts, ctx: CallContext): Api.contacts.Contacts {
  const viewer = viewerOf(ctx);
  // The sandbox ignores `hash` and always answers the full list (never contactsNotModified).
  const contacts = world.contactsOf(viewer).filter((u) => !u.deleted);
  return new Api.contacts.Contacts({
    contacts: contacts.map((u) => new Api.Contact({ userId: long(u.id), mutual: world.isMutualContact(u, viewer) })),
    savedCount: 0,
    users: contacts.map((u) => apiUser(world, u, viewer)),
  });
}

function resolved(world: World, user: UserState, viewer: number): Api.contacts.ResolvedPeer {
  return new Api.contacts.ResolvedPeer({
    peer: new Api.PeerUser({ userId: long(user.id) }),
    chats: [],
    users: [apiUser(world, user, viewer)],
  });
}

export function resolveUsername(world: World, request: Api.contacts.ResolveUsername, ctx: CallContext): Api.contacts.ResolvedPeer {
  const viewer = viewerOf(ctx);
  const username = (request.username ?? '').replace(/^@/, '');
  if (!/^[A-Za-z][A-Za-z0-9_]{2,31}$/.test(username)) throw new RpcError(400, 'USERNAME_INVALID');
  const user = world.userByUsername(username);
  if (!user) throw new RpcError(400, 'USERNAME_NOT_OCCUPIED');
  return resolved(world, user, viewer);
}

export function resolvePhone(world: World, request: Api.contacts.ResolvePhone, ctx: CallContext): Api.contacts.ResolvedPeer {
  const viewer = viewerOf(ctx);
  const digits = (request.phone ?? '').replace(/[\s()+-]/g, '');
  if (!/^\d{5,15}$/.test(digits)) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
  const user = world.userByPhone(digits);
  if (!user) throw new RpcError(400, 'PHONE_NOT_OCCUPIED');
  return resolved(world, user, viewer);
}
