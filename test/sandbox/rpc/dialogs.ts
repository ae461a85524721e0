/**
 * messages.getDialogs: private chats only. Each account has a dialog with each of its
 * contacts and with a few non-contacts (so "pick from chats" shows both), each holding
 * one simple incoming message. Dates and texts derive from the seed.
 */
import { Api } from 'telegram';
import { type CallContext } from '../server/api.js';
import type { UserState, World } from '../world/world.js';
import { derive } from '../world/random.js';
import { viewerOf } from './peers.js';
import { apiUser, long } from './tl.js';

const MAX_DIALOGS_PER_CALL = 100;
const NON_CONTACT_DIALOGS = 3;
const GREETINGS = ['Hi!', 'See you tomorrow', 'Thanks 🙏', 'Did you see the photos?', 'ok', 'On my way', 'Happy birthday!', '👍'];

export interface DialogEntry {
  readonly user: UserState;
  readonly messageId: number;
  readonly date: number;
  readonly text: string;
}

/** The account's dialogs, newest first (message ids grow with date, as in one account's box). */
export function dialogsOf(world: World, accountId: number): DialogEntry[] {
  const contacts = world.contactsOf(accountId);
  const contactIds = new Set(contacts.map((u) => u.id));
  const others = [...world.users()]
    .filter((u) => u.id !== accountId && !contactIds.has(u.id))
    .sort((a, b) => derive(world.seed, 'dialog-pick', accountId, a.id).compare(derive(world.seed, 'dialog-pick', accountId, b.id)))
    .slice(0, NON_CONTACT_DIALOGS);
  const now = 1_750_000_000;
  const entries = [...contacts, ...others].map((user) => {
    const bytes = derive(world.seed, 'dialog', accountId, user.id);
    return { user, date: now - (bytes.readUInt32LE(0) % (90 * 86_400)), text: GREETINGS[bytes[4]! % GREETINGS.length]! };
  });
  entries.sort((a, b) => a.date - b.date || a.user.id - b.user.id);
  const numbered = entries.map((e, i) => ({ ...e, messageId: i + 1 }));
  return numbered.reverse();
}

export function getDialogs(world: World, request: Api.messages.GetDialogs, ctx: CallContext): Api.messages.TypeDialogs {
  const viewer = viewerOf(ctx);
  // Folder 1 is the archive; the sandbox archives nothing.
  const all = request.folderId === 1 ? [] : dialogsOf(world, viewer);
  const offsetDate = request.offsetDate ?? 0;
  const offsetId = request.offsetId ?? 0;
  const older = all.filter((d) => {
    if (offsetDate > 0) return d.date < offsetDate || (d.date === offsetDate && (offsetId === 0 || d.messageId < offsetId));
    return offsetId > 0 ? d.messageId < offsetId : true;
  });
  const limit = Math.min(Math.max(request.limit ?? 0, 0), MAX_DIALOGS_PER_CALL);
  const page = older.slice(0, limit);
  const dialogs = page.map(
    (d) =>
      new Api.Dialog({
        peer: new Api.PeerUser({ userId: long(d.user.id) }),
        topMessage: d.messageId,
        readInboxMaxId: d.messageId,
        readOutboxMaxId: 0,
        unreadCount: 0,
        unreadMentionsCount: 0,
        unreadReactionsCount: 0,
        notifySettings: new Api.PeerNotifySettings({}),
      }),
  );
  const messages = page.map(
    (d) => new Api.Message({ id: d.messageId, peerId: new Api.PeerUser({ userId: long(d.user.id) }), date: d.date, message: d.text }),
  );
  const users = page.map((d) => apiUser(world, d.user, viewer));
  if (page.length === all.length) return new Api.messages.Dialogs({ dialogs, messages, chats: [], users });
  return new Api.messages.DialogsSlice({ count: all.length, dialogs, messages, chats: [], users });
}
