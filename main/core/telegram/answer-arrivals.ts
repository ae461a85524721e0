/**
 * Tells a caller the moment the answer to its request has arrived, before
 * GramJS has read it: the download budget (./download-budget.ts) counts a
 * getFile's limit until then, as Telegram counts it until the answer leaves.
 *
 * GramJS reads a connection's packets one at a time, each after the previous
 * one is decrypted and handled (and the engine shares the thread with other
 * work), so in a burst of answers the last ones sat in the socket for ~10 ms
 * on average (up to 100 ms) while their limits still counted against the
 * budget, a quarter of each request's time. Here every socket of the app
 * (./buffered-socket.ts) is watched as its bytes land: each complete packet's
 * first blocks say which request it answers (./crypto/answer-head.ts), and the
 * sender's table of requests in flight says whose it is.
 *
 * The patch: MTProtoSender.connect, which every connection of a client passes
 * through (the first, reconnects, other DCs' senders), attaches the watch to
 * the connection's socket when it is ours and speaks TCP-full. A sender
 * without the request table or auth key read here is not watched, which is
 * recorded and logged (./patch-status.ts); answers then count until handled.
 */
import { ConnectionTCPFull } from 'telegram/network/index.js';
import { MTProtoSender } from 'telegram/network/MTProtoSender.js';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import { BufferedNetSocket } from './buffered-socket.js';
import { ANSWER_HEAD, answeredMsgId } from './crypto/answer-head.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';
import { TcpFullFrames } from './tcp-full-frames.js';

const waiting = new WeakMap<object, () => void>();

/**
 * Calls `onArrival` once, when an answer to `request` (sent as it is, on any
 * connection of the app) has arrived whole. Returns a function that stops
 * waiting; call it when the call is over, whatever happened.
 */
export function onAnswerArrival(request: object, onArrival: () => void): () => void {
  waiting.set(request, onArrival);
  return () => {
    if (waiting.get(request) === onArrival) waiting.delete(request);
  };
}

/** An answer to `request` has arrived: its caller learns it now (once). */
export function answerArrived(request: object): void {
  const onArrival = waiting.get(request);
  if (!onArrival) return;
  waiting.delete(request);
  onArrival();
}

interface SenderInternals {
  readonly _state?: { readonly authKey?: { getKey(): Buffer | undefined } };
  readonly _pendingState?: { get(msgId: string): { readonly request?: unknown } | undefined };
}

type Connect = (this: MTProtoSender, connection: unknown, force?: boolean) => Promise<boolean>;

/** Why a sender's answers cannot be matched to its requests here, or null when they can. */
function senderProblem(sender: SenderInternals): string | null {
  if (typeof sender._pendingState?.get !== 'function') return 'MTProtoSender keeps no _pendingState with get()';
  if (typeof sender._state?.authKey?.getKey !== 'function') return "MTProtoSender's _state has no auth key with getKey()";
  return null;
}

function watch(sender: SenderInternals, connection: unknown): void {
  if (!(connection instanceof ConnectionTCPFull)) return;
  const socket: unknown = (connection as unknown as { socket?: unknown }).socket;
  if (!(socket instanceof BufferedNetSocket)) return;
  const problem = senderProblem(sender);
  if (problem) {
    recordPatch('answer-arrivals', fellBack(`at connect time: ${problem}`));
    return;
  }
  const table = sender._pendingState!;
  const holder = sender._state!.authKey!;
  socket.tap = new TcpFullFrames(ANSWER_HEAD, (head) => {
    const key = holder.getKey();
    const msgId = key ? answeredMsgId(head, key) : null;
    if (msgId === null) return;
    const request = table.get(msgId.toString())?.request;
    if (typeof request === 'object' && request !== null) answerArrived(request);
  });
}

let original: Connect | null = null;

export function installAnswerArrivals(): PatchStatus {
  if (original) return recordPatch('answer-arrivals', APPLIED);
  const proto = MTProtoSender.prototype as unknown as { connect?: Connect };
  if (typeof proto.connect !== 'function') return recordPatch('answer-arrivals', fellBack('MTProtoSender has no connect()'));
  const probe = new MTProtoSender(undefined, { logger: new Logger(LogLevel.NONE) } as ConstructorParameters<typeof MTProtoSender>[1]);
  const problem = senderProblem(probe as unknown as SenderInternals);
  if (problem) return recordPatch('answer-arrivals', fellBack(problem));
  const saved = proto.connect;
  original = saved;
  proto.connect = function connect(this: MTProtoSender, connection: unknown, force?: boolean): Promise<boolean> {
    watch(this as unknown as SenderInternals, connection);
    return saved.call(this, connection, force);
  };
  return recordPatch('answer-arrivals', APPLIED);
}

/** Puts GramJS's own connect back (tests). */
export function uninstallAnswerArrivals(): void {
  if (!original) return;
  (MTProtoSender.prototype as unknown as { connect: Connect }).connect = original;
  original = null;
}
