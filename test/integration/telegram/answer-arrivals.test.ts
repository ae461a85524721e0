/**
 * The app's client learns that a download's answer is in as its bytes land, before GramJS has
 * decrypted and handled it (main/core/telegram/answer-arrivals.ts): with the handling held back,
 * the arrival is known, the call still waits, and the answer is then the world's file, whole; on
 * the home DC's connection and on another DC's (GramJS's exported senders) alike.
 */
import { createHash } from 'node:crypto';
import bigInt from 'big-integer';
import { Api, type TelegramClient } from 'telegram';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import { StringSession } from 'telegram/sessions/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onAnswerArrival } from '../../../main/core/telegram/answer-arrivals.js';
import { createTelegramClient } from '../../../main/core/telegram/client-factory.js';
import type { Logger } from '../../../main/core/log.js';
import { SANDBOX_API_HASH, SANDBOX_API_ID, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { smallWorld } from '../../sandbox/rpc/test-helpers.js';
import { long } from '../../sandbox/rpc/tl.js';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

type Decrypt = (this: MTProtoState, body: Buffer) => Promise<unknown>;
const proto = MTProtoState.prototype as unknown as { decryptMessageData: Decrypt };

describe('answer arrivals', () => {
  let sandbox: Sandbox;
  let client: TelegramClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ world: smallWorld(), log: () => {} });
    client = createTelegramClient({
      profile: sandbox.serverProfile,
      session: new StringSession(sandbox.sessionString(100)),
      credentials: { apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH },
      options: { logLevel: 'none' },
      log: quiet,
    });
    await client.connect();
  });
  afterAll(async () => {
    await client?.destroy();
    await sandbox?.stop();
  });

  it('a getFile answer is known to have arrived while GramJS has not yet decrypted it, on the home DC and another', async () => {
    const userId = new Api.InputUser({ userId: long(200), accessHash: long(sandbox.world.user(200)!.accessHash) });
    const listing = await client.invoke(new Api.photos.GetUserPhotos({ userId, offset: 0, maxId: long(0), limit: 100 }));
    const photos = listing.photos as Api.Photo[];
    const onDc = (dc: number): Api.Photo => photos.find((p) => p.dcId === dc)!;

    for (const photo of [onDc(2), onDc(3)]) {
      const dcId = photo.dcId === 2 ? undefined : photo.dcId;
      const getFile = (thumbSize: string): Api.upload.GetFile =>
        new Api.upload.GetFile({
          location: new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize }),
          offset: bigInt(0),
          limit: 1024 * 1024,
        });
      await client.invoke(getFile('a'), dcId); // the DC's connection is set up (its own answers need GramJS)
      const request = getFile('c');
      // GramJS's handling of received messages waits behind this gate
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const decrypt = proto.decryptMessageData;
      proto.decryptMessageData = async function held(this: MTProtoState, body: Buffer) {
        await gate;
        return decrypt.call(this, body);
      };
      let arrived = false;
      const stop = onAnswerArrival(request, () => (arrived = true));
      let handled = false;
      const answer = client.invoke(request, dcId).then((a) => ((handled = true), a));
      try {
        await vi.waitFor(() => expect(arrived, `DC ${photo.dcId}`).toBe(true), { timeout: 10_000 });
        expect(handled).toBe(false);
      } finally {
        proto.decryptMessageData = decrypt;
        open();
        stop();
      }
      const file = (await answer) as Api.upload.File;
      expect(sha(file.bytes)).toBe(sandbox.world.expectedSha256(photo.id.toString(), 'c'));
    }
  });
});
