/**
 * One process per data directory. PGlite and chDB both corrupt or block when two processes open
 * the same files, so the app takes `<dataDir>/liftgate.lock` before either store opens.
 *
 * The lock is a file created exclusively (O_EXCL) holding the owner's pid, its start time (from
 * /proc, so a recycled pid is not mistaken for the owner) and host. A lock whose owner is no longer
 * running (kill -9, power loss) is stale and taken over at once, so a restart never waits; a live
 * owner makes the second process fail immediately with a message naming it. Why not a lease with
 * an mtime heartbeat (proper-lockfile): a restart after kill -9 would wait for the lease to expire.
 * Limit: on a directory shared between hosts (NFS) a lock from another host is always honoured.
 */
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'liftgate.lock';

/** Another live process holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, owner: LockOwner) {
    super(
      `the data directory ${dataDir} is in use by another Liftgate process (pid ${owner.pid} on ${owner.host}, since ${owner.since}). ` +
        'Stop it first, or give this process its own LIFTGATE_DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22), '' when unknown. */
  start: string;
  host: string;
  since: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** Paths locked by this process: a second app in the same process is refused too. */
const heldHere = new Set<string>();

/** Takes the data directory's lock (the directory must exist); throws DataDirLockedError if held. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, start: startTime(process.pid), host: hostname(), since: new Date().toISOString() };
  if (heldHere.has(path)) throw new DataDirLockedError(dataDir, me);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
    }
    const owner = await readOwner(path);
    if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // Stale: move it aside atomically and look at what was moved. If a concurrent restarter took
    // the stale lock over in between, we moved its fresh lock: put it back and yield to it.
    const aside = `${path}.stale-${process.pid}`;
    if (!(await rename(path, aside).then(() => true, () => false))) continue;
    const moved = await readOwner(aside);
    if (moved && isAlive(moved)) {
      await link(aside, path).catch(() => {});
      await unlink(aside).catch(() => {});
      throw new DataDirLockedError(dataDir, moved);
    }
    await unlink(aside).catch(() => {});
  }
  heldHere.add(path);
  return {
    async release() {
      heldHere.delete(path);
      const owner = await readOwner(path);
      if (owner?.pid === me.pid && owner.start === me.start) await unlink(path).catch(() => {});
    },
  };
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, start: parsed.start ?? '', host: parsed.host ?? '?', since: parsed.since ?? '?' };
  } catch {
    // Unreadable or half-written (the owner died between create and write): treat as stale.
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false; // our own pid from an earlier life (containers reuse pid 1)
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid runs: is it the same process (same start time) or a recycled pid?
  const start = startTime(owner.pid);
  return !owner.start || !start || start === owner.start;
}

/** Start time of a process from /proc (Linux); '' elsewhere. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; starttime is 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}
