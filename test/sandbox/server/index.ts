/** The sandbox's MTProto 2.0 protocol server (see README.md in this folder). */
export { startMtprotoServer } from './mtproto-server.js';
export * from './api.js';
