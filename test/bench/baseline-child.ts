/** The baseline side of the benchmark, in its own process. Prints one RESULT line of JSON. */
import { parseArgs } from 'node:util';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';
import { runBaseline } from './baseline.js';
import { controlClient } from './sandbox-process.js';

export interface BaselineChildResult {
  users: number;
  ms: number;
  files: number;
  bytes: number;
  getFile: number;
  requests: Record<string, number>;
  errorsSent: Record<string, number>;
  maxRssKernel: number;
}

const { values } = parseArgs({ options: { control: { type: 'string' }, profile: { type: 'string' }, session: { type: 'string' }, out: { type: 'string' }, users: { type: 'string' } } });
const sandbox = controlClient(values.control!);
await sandbox.control('resetMetrics');
const started = performance.now();
const b = await runBaseline({
  profile: JSON.parse(values.profile!) as ServerProfile,
  session: values.session!,
  outDir: values.out!,
  ...(values.users ? { maxUsers: Number(values.users) } : {}),
});
const ms = performance.now() - started;
const metrics = await sandbox.metrics();
const result: BaselineChildResult = {
  users: b.users,
  ms,
  files: b.files,
  bytes: b.bytes,
  getFile: metrics.requestsByMethod['upload.GetFile'] ?? 0,
  requests: metrics.requestsByMethod,
  errorsSent: metrics.errorsSent,
  maxRssKernel: process.resourceUsage().maxRSS * 1024,
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
