import type { ChildProcess } from 'node:child_process';
import { spawnServer } from './server-process.js';

/** A server process that can be killed without warning. */
export interface KillableServer {
  readonly url: string;
  readonly output: () => string;
  /** SIGKILL: no shutdown hook runs, open transactions and sockets die with the process. */
  kill(): Promise<void>;
  /** SIGTERM, the orderly stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `node --import tsx server/src/main.ts` on a port the OS chooses, as test/support/server-process.ts
 * starts it, plus a SIGKILL. Resolves once the server listens.
 */
export function startKillableServer(env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<KillableServer> {
  const child: ChildProcess = spawnServer({ PROCEDO_RATE_LIMIT: '0', ...env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      // The tail is enough to explain a failure; a long soak must not keep every log line.
      const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      resolve({
        url: match[1]!.replace('localhost', '127.0.0.1'),
        output: () => output,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
