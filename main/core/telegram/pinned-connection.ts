import bigInt from 'big-integer';
import { ConnectionTCPFull } from 'telegram/network/index.js';
import { _serverKeys } from 'telegram/crypto/RSA.js';
import type { ServerProfile } from './server-profile.js';

type FullParams = ConstructorParameters<typeof ConnectionTCPFull>[0];

export class UnknownDcError extends Error {
  constructor(readonly dcId: number, profileName: string) {
    super(`data center ${dcId} is not in the server profile "${profileName}"`);
  }
}

/**
 * A GramJS connection class that dials only the addresses in `profile`.
 *
 * GramJS builds every connection (main, per-DC downloads, reconnects) from the
 * class passed as `connection`, with the intended DC id; it otherwise ignores
 * ports and would dial the IPs it carries or learns. Overriding ip/port here is
 * the one place that decides where a socket goes.
 */
export function pinnedConnection(profile: ServerProfile): typeof ConnectionTCPFull {
  return class PinnedConnection extends ConnectionTCPFull {
    constructor(params: FullParams) {
      const address = profile.dcs[String(params.dcId)];
      if (!address) throw new UnknownDcError(params.dcId, profile.name);
      super({ ...params, ip: address.host, port: address.port });
    }
  };
}

/** Teaches GramJS the profile's extra RSA keys (its table is module-wide; adding is idempotent). */
export function registerRsaKeys(profile: ServerProfile): void {
  for (const { fingerprint, publicKeyPem } of profile.rsaKeys) {
    const { n, e } = rsaComponents(publicKeyPem);
    _serverKeys.set(fingerprint, { n: bigInt(n.toString(16), 16), e });
  }
}

function rsaComponents(pem: string): { n: bigint; e: number } {
  // PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  let pos = 0;
  const readLength = (): number => {
    const first = der[pos++]!;
    if (first < 0x80) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = (length << 8) | der[pos++]!;
    return length;
  };
  const readInteger = (): bigint => {
    if (der[pos++] !== 0x02) throw new Error('RSA key: expected an INTEGER');
    const length = readLength();
    const value = BigInt('0x' + der.subarray(pos, pos + length).toString('hex'));
    pos += length;
    return value;
  };
  if (der[pos++] !== 0x30) throw new Error('RSA key: expected a PKCS#1 SEQUENCE');
  readLength();
  const n = readInteger();
  const e = Number(readInteger());
  return { n, e };
}
