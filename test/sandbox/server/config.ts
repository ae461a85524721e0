/** help.getConfig / help.getNearestDc: every DC is 127.0.0.1 at its sandbox port. */
import { Api } from 'telegram';
import type { RpcHandler } from './api.js';

export function buildConfig(thisDc: number, ports: ReadonlyMap<number, number>): Api.Config {
  const now = Math.floor(Date.now() / 1000);
  return new Api.Config({
    date: now,
    expires: now + 3600,
    testMode: false,
    thisDc,
    // GramJS takes the first option per DC and ignores its port (it dials 443, pinned to ours by the app).
    dcOptions: [...ports].map(([id, port]) => new Api.DcOption({ id, ipAddress: '127.0.0.1', port })),
    dcTxtDomainName: 'apv3.stel.com',
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 2147483647,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    tmpSessions: undefined,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: thisDc,
    suggestedLangCode: 'en',
    langPackVersion: 1,
    baseLangPackVersion: 1,
  });
}

export function configHandlers(ports: ReadonlyMap<number, number>): Map<string, RpcHandler> {
  return new Map<string, RpcHandler>([
    ['help.GetConfig', (_request, ctx) => buildConfig(ctx.dcId, ports)],
    ['help.GetNearestDc', (_request, ctx) => new Api.NearestDc({ country: 'NL', thisDc: ctx.dcId, nearestDc: ctx.dcId })],
    [
      'updates.GetState',
      () => new Api.updates.State({ pts: 1, qts: 0, date: Math.floor(Date.now() / 1000), seq: 0, unreadCount: 0 }),
    ],
  ]);
}
