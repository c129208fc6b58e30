/**
 * Starting the process (issue 14, finding 9): a second process on the same data directory fails at
 * once with a clear message, before either store opens; a lock left by a process killed with
 * SIGKILL does not block the restart; invalid configuration prints a list of problems, no stack.
 * Runs `src/main.ts` as `npm start` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = `proc_${randomBytes(16).toString('hex')}`;
let dataDir: string;
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  /** Resolves with the URL once the process prints that it is ready. */
  ready: Promise<string>;
  /** Resolves with the exit code and everything printed once the process ends. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', LIFTGATE_METRICS_ADDR: '127.0.0.1:0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<string>((res, rej) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /Liftgate ready: (\S+)\/graphql/.exec(stdout)?.[1];
      if (url) res(url);
    });
    child.once('exit', (code) => rej(new Error(`exited (${code}) before ready: ${stderr}`)));
  });
  ready.catch(() => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return { child, ready, exit };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'liftgate-proc-'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('one process per data directory', () => {
  it('refuses a second process at once, takes over the lock of a killed one, and releases it on shutdown', async () => {
    const env = { LIFTGATE_DATA_DIR: dataDir, LIFTGATE_BOOTSTRAP_TOKEN: TOKEN };
    const first = startMain(env);
    const url = await first.ready;

    const started = Date.now();
    const second = startMain(env);
    const out = await second.exit;
    expect(out.code).not.toBe(0);
    expect(out.stdout).not.toMatch(/Liftgate ready/);
    expect(out.stderr).toContain(`is in use by another Liftgate process (pid ${first.child.pid}`);
    expect(out.stderr).not.toMatch(/^\s+at /m); // a message, not a stack
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(join(dataDir, 'liftgate.lock'))).toBe(true);
    // The first process is unharmed.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // kill -9 leaves the lock file behind; the next start takes it over without waiting.
    first.child.kill('SIGKILL');
    await first.exit;
    expect(existsSync(join(dataDir, 'liftgate.lock'))).toBe(true);
    const third = startMain(env);
    const thirdUrl = await third.ready;
    const body = await (
      await fetch(`${thirdUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: '{ viewer { tokenName } }' }),
      })
    ).json();
    expect(body).toEqual({ data: { viewer: { tokenName: 'bootstrap' } } });

    third.child.kill('SIGTERM');
    expect((await third.exit).code).toBe(0);
    expect(existsSync(join(dataDir, 'liftgate.lock'))).toBe(false);
  });
});

describe('configuration errors', () => {
  it('are printed as a list of every invalid variable, without a stack, and the process exits', async () => {
    const run = startMain({
      LIFTGATE_DATA_DIR: dataDir,
      PORT: 'eighty',
      LIFTGATE_CORS_ORIGINS: '*,https://console.example.com',
      LIFTGATE_METRICS_ADDR: 'everywhere',
    });
    const out = await run.exit;
    expect(out.code).toBe(2);
    expect(out.stdout).not.toMatch(/Liftgate ready/);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toBe('Liftgate cannot start: invalid configuration');
    expect(lines.slice(1).map((l) => l.replace(/:.*/, ''))).toEqual(
      expect.arrayContaining(['  - PORT', '  - LIFTGATE_CORS_ORIGINS', '  - LIFTGATE_METRICS_ADDR']),
    );
    expect(lines).toHaveLength(4);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });
});
