/**
 * The baseline: profile photos archived the way people script it with GramJS
 * today. For each user, page photos.getUserPhotos, then client.downloadMedia
 * for each photo, one at a time, written to a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import bigInt from 'big-integer';
import { Api, TelegramClient } from 'telegram';
import { LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import { pinnedConnection, registerRsaKeys } from '../../main/core/telegram/pinned-connection.js';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';

export interface BaselineResult {
  readonly users: number;
  readonly photos: number;
  readonly files: number;
  readonly bytes: number;
}

export async function runBaseline(params: {
  profile: ServerProfile;
  session: string;
  outDir: string;
  /** Only the first N contacts (a quick run); default all. */
  maxUsers?: number;
}): Promise<BaselineResult> {
  registerRsaKeys(params.profile);
  const client = new TelegramClient(new StringSession(params.session), 12345, '0123456789abcdef0123456789abcdef', {
    connection: pinnedConnection(params.profile),
    connectionRetries: 3,
  });
  client.setLogLevel(LogLevel.NONE);
  await client.connect();
  let photos = 0;
  let bytes = 0;
  let done = 0;
  try {
    const contacts = await client.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }));
    const users = contacts instanceof Api.contacts.Contacts ? contacts.users.filter((u): u is Api.User => u instanceof Api.User) : [];
    for (const user of users.slice(0, params.maxUsers ?? users.length)) {
      done++;
      const dir = path.join(params.outDir, user.id.toString());
      fs.mkdirSync(dir, { recursive: true });
      let maxId = bigInt(0);
      for (;;) {
        const page = await client.invoke(new Api.photos.GetUserPhotos({ userId: user, offset: 0, maxId, limit: 100 }));
        for (const photo of page.photos) {
          if (!(photo instanceof Api.Photo)) continue;
          const data = await client.downloadMedia(new Api.MessageMediaPhoto({ photo }), {});
          if (data instanceof Buffer) {
            fs.writeFileSync(path.join(dir, `${photo.id.toString()}.jpg`), data);
            bytes += data.length;
          }
          photos++;
        }
        if (page.photos.length < 100) break;
        maxId = (page.photos.at(-1) as Api.Photo).id;
      }
    }
  } finally {
    await client.destroy();
  }
  return { users: done, photos, files: photos, bytes };
}
