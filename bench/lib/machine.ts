import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { serverVersion } from './postgres.js';

/** The machine a figure was taken on: cores, CPU model, memory, PostgreSQL and Node versions. */
export async function machineDescription(serverUrl: string): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const postgres = await serverVersion(serverUrl).catch((error: unknown) => `PostgreSQL unreachable (${String(error)})`);
  return [
    `- when: ${new Date().toISOString()}`,
    `- cores: ${os.availableParallelism()} × ${model}`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- ${postgres}`,
    `- Node ${process.version}`,
  ].join('\n');
}
