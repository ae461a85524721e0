import { Api } from 'telegram';
import { beforeAll, describe, expect, it } from 'vitest';
import { World } from '../world/world.js';
import { createAccountDirectory } from './accounts.js';
import { getContacts, resolvePhone, resolveUsername } from './contacts.js';
import { dialogsOf, getDialogs } from './dialogs.js';
import { ctx, smallWorld } from './test-helpers.js';
import { long } from './tl.js';
import { getFullUser, getUsers } from './users.js';

describe('users, contacts and dialogs', () => {
  let world: World;
  const viewer = ctx(100);
  beforeAll(async () => {
    world = await World.create(smallWorld());
  });
  const input = (id: number, hash?: bigint) => new Api.InputUser({ userId: long(id), accessHash: long(hash ?? world.user(id)!.accessHash) });

  it('users.getUsers: self, contacts flags, photo, and omits unknown ids and wrong hashes', () => {
    const users = getUsers(world, new Api.users.GetUsers({ id: [new Api.InputUserSelf(), input(200), input(201, 7n), input(999, 1n), input(202), input(203)] }), viewer) as Api.User[];
    expect(users.map((u) => u.id.toString())).toEqual(['100', '200', '202', '203']);
    const [self, alice, gone, bot] = users as [Api.User, Api.User, Api.User, Api.User];
    expect(self.self).toBe(true);
    expect([alice.contact, alice.firstName, alice.username, alice.phone, alice.accessHash?.toString()]).toEqual([true, 'Alice', 'alice_a', '15550000200', '1234567890']);
    // Alice has a personal photo set by the viewer (a contact): user.photo shows it.
    const photo = alice.photo as Api.UserProfilePhoto;
    expect([photo.personal, photo.photoId.toString(), photo.dcId]).toEqual([true, world.user(200)!.personalPhoto!.id, 2]);
    expect(Buffer.from(photo.strippedThumb!)[0]).toBe(1);
    expect([gone.deleted, gone.firstName, gone.photo]).toEqual([true, undefined, undefined]);
    expect([bot.bot, bot.phone, bot.contact]).toEqual([true, undefined, undefined]);
    expect(() => getUsers(world, new Api.users.GetUsers({ id: Array.from({ length: 201 }, () => new Api.InputUserSelf()) }), viewer)).toThrow('LIMIT_INVALID');
    expect(getUsers(world, new Api.users.GetUsers({ id: Array.from({ length: 200 }, () => input(203)) }), viewer)).toHaveLength(200);
  });

  it("user.photo follows the current photo, hidden histories' fallback, and video flags", async () => {
    const other = ctx(101); // not a contact of Alice: no personal photo
    const [alice] = getUsers(world, new Api.users.GetUsers({ id: [input(200)] }), other) as Api.User[];
    const shown = alice!.photo as Api.UserProfilePhoto;
    expect([shown.photoId.toString(), shown.hasVideo, shown.personal]).toEqual([world.currentPhoto(200)!.id, true, undefined]);
    const [hidden] = getUsers(world, new Api.users.GetUsers({ id: [input(201)] }), viewer) as Api.User[];
    expect((hidden!.photo as Api.UserProfilePhoto).photoId.toString()).toBe(world.user(201)!.fallbackPhoto!.id);
    const added = await world.addPhoto(203, { kind: 'video' });
    const [bot] = getUsers(world, new Api.users.GetUsers({ id: [input(203)] }), viewer) as Api.User[];
    expect((bot!.photo as Api.UserProfilePhoto).photoId.toString()).toBe(added.id);
    world.removePhoto(203, added.id);
    const [after] = getUsers(world, new Api.users.GetUsers({ id: [input(203)] }), viewer) as Api.User[];
    expect((after!.photo as Api.UserProfilePhoto).photoId.toString()).not.toBe(added.id);
  });

  it('users.getFullUser: about, profile, personal and fallback photos', () => {
    const full = getFullUser(world, new Api.users.GetFullUser({ id: input(200) }), viewer);
    const f = full.fullUser as Api.UserFull;
    expect([f.about, f.commonChatsCount, f.settings.className, f.notifySettings.className]).toEqual(['hello', 0, 'PeerSettings', 'PeerNotifySettings']);
    expect((f.profilePhoto as Api.Photo).id.toString()).toBe(world.currentPhoto(200)!.id);
    expect((f.personalPhoto as Api.Photo).id.toString()).toBe(world.user(200)!.personalPhoto!.id);
    expect((f.fallbackPhoto as Api.Photo).id.toString()).toBe(world.user(200)!.fallbackPhoto!.id);
    const hidden = getFullUser(world, new Api.users.GetFullUser({ id: input(201) }), viewer).fullUser as Api.UserFull;
    expect([hidden.profilePhoto, (hidden.fallbackPhoto as Api.Photo).id.toString()]).toEqual([undefined, world.user(201)!.fallbackPhoto!.id]);
    expect(() => getFullUser(world, new Api.users.GetFullUser({ id: input(200, 3n) }), viewer)).toThrow('400: USER_ID_INVALID');
    expect(full.getBytes().length).toBeGreaterThan(0);
  });

  it('contacts: getContacts, resolveUsername, resolvePhone', () => {
    const contacts = getContacts(world, new Api.contacts.GetContacts({ hash: long(0) }), viewer);
    expect(contacts.contacts.map((c) => c.userId.toString())).toEqual(['200']); // 202 is deleted
    const resolved = resolveUsername(world, new Api.contacts.ResolveUsername({ username: 'ALICE_A' }), viewer);
    expect([(resolved.peer as Api.PeerUser).userId.toString(), (resolved.users[0] as Api.User).accessHash?.toString()]).toEqual(['200', '1234567890']);
    expect(() => resolveUsername(world, new Api.contacts.ResolveUsername({ username: 'nobody_here' }), viewer)).toThrow('400: USERNAME_NOT_OCCUPIED');
    expect(() => resolveUsername(world, new Api.contacts.ResolveUsername({ username: 'a b' }), viewer)).toThrow('400: USERNAME_INVALID');
    expect((resolvePhone(world, new Api.contacts.ResolvePhone({ phone: '15550000200' }), viewer).users[0] as Api.User).id.toString()).toBe('200');
    expect(() => resolvePhone(world, new Api.contacts.ResolvePhone({ phone: '15559999999' }), viewer)).toThrow('400: PHONE_NOT_OCCUPIED');
  });

  it('messages.getDialogs pages through contacts and a few non-contacts', () => {
    const all = dialogsOf(world, 100);
    expect(all.map((d) => d.user.id)).toEqual(expect.arrayContaining([200, 202]));
    expect(all.some((d) => !d.user.contactOf.has(100))).toBe(true);
    const first = <Api.messages.DialogsSlice>getDialogs(world, new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 2, hash: long(0) }), viewer);
    expect(first).toBeInstanceOf(Api.messages.DialogsSlice);
    const last = first.messages.at(-1) as Api.Message;
    const next = <Api.messages.Dialogs>getDialogs(world, new Api.messages.GetDialogs({ offsetDate: last.date, offsetId: last.id, offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: long(0) }), viewer);
    expect([...first.dialogs, ...next.dialogs].map((d) => (d.peer as Api.PeerUser).userId.toJSNumber())).toEqual(all.map((d) => d.user.id));
    expect(getDialogs(world, new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: long(0) }), viewer)).toBeInstanceOf(Api.messages.Dialogs);
  });

  it('gives the protocol server accounts by phone and id', () => {
    const directory = createAccountDirectory(world);
    expect(directory.findByPhone('+15550000101')).toEqual({ userId: 101, phone: '+15550000101', dc: 4, loginCode: '12345', password: 'pw' });
    expect(directory.findByUserId?.(100)?.dc).toBe(2);
    expect(directory.findByPhone('+1')).toBeUndefined();
    expect(directory.selfUser(100).self).toBe(true);
  });
});
