/**
 * Starts the gateway as a child process (test/helpers/app-process.ts) for tests that kill it or
 * run several replicas, and stops every one it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const started: ChildProcess[] = [];

/**
 * A gateway process configured by `env` (added to PATH, HOME, PORT 0 on 127.0.0.1 and LOG_LEVEL
 * warn); resolves with its base URL once it prints `READY <url>`, rejects if it exits first.
 */
export function startGatewayProcess(env: Record<string, string | undefined>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', '--import', 'tsx', 'test/helpers/app-process.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  return new Promise((done, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /READY (\S+)/.exec(out)?.[1];
      if (url) done({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening`)));
  });
}

/** Resolves once `child` has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

/** Kills (SIGKILL) every gateway process still running and waits for them to exit. */
export async function killGatewayProcesses(): Promise<void> {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(started.splice(0).map(exited));
}
