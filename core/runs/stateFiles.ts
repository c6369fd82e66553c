/**
 * File primitives of the state folder: atomic writes (temp file + rename, so a
 * reader or a crash never sees half a file), a lock for read-modify-write
 * across processes, and the liveness check that tells a running run from an
 * interrupted one.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let tempCounter = 0;

export async function atomicWrite(file: string, content: string, mode?: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${tempCounter++}.tmp`);
  try {
    await fs.writeFile(temp, content, mode === undefined ? { encoding: 'utf8' } : { encoding: 'utf8', mode });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** True when a process with this id exists on this machine (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Owner {
  pid: number;
  hostname: string;
}

export function currentOwner(): Owner {
  return { pid: process.pid, hostname: os.hostname() };
}

/** False only when the owner is known to be gone: same machine, no such process. */
export function ownerAlive(owner: Owner | undefined): boolean {
  if (!owner) return false;
  if (owner.hostname !== os.hostname()) return true;
  return processAlive(owner.pid);
}

const LOCK_WAIT_MS = 10_000;

/** The tail of each lock file's in-process queue: callers of one process wait here, never on the file. */
const inProcess = new Map<string, Promise<void>>();

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (default 10 s). */
  waitMs?: number;
}

/**
 * Runs `work` while holding `<file>` as an exclusive lock. Callers in this
 * process queue in memory (in order); the file protects against other
 * processes only. A lock left by a process that died is taken over. Locks are
 * held for milliseconds (one read-modify-write of a small file), so waiting on
 * another process's lock polls briefly.
 */
export async function withLock<T>(file: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const key = path.resolve(file);
  const before = inProcess.get(key) ?? Promise.resolve();
  let done = (): void => undefined;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = before.then(() => mine);
  inProcess.set(key, tail);
  try {
    await before;
    await acquireFileLock(key, options.waitMs ?? LOCK_WAIT_MS);
    try {
      return await work();
    } finally {
      await fs.rm(key, { force: true });
    }
  } finally {
    done();
    if (inProcess.get(key) === tail) inProcess.delete(key);
  }
}

async function acquireFileLock(file: string, waitMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(JSON.stringify(currentOwner()));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const content = await fs.readFile(file, 'utf8').catch(() => undefined);
      const holder = parseOwner(content);
      // No readable owner for longer than the wait: left by a process that died between creating and writing it.
      const stale = holder === undefined ? content !== undefined && (await lockAgeMs(file)) > waitMs : !ownerAlive(holder);
      if (stale && (await takeOverStaleLock(file, content as string))) continue;
      if (Date.now() - started > waitMs) {
        const who = holder === undefined ? 'another process' : `process ${holder.pid}${holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`}`;
        throw new Error(`The state folder is busy: ${who}, still running, has held ${file} for over ${Math.round(waitMs / 1000)} s. Try again when it is done.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function lockAgeMs(file: string): Promise<number> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? Date.now() - stat.mtimeMs : 0;
}

function parseOwner(text: string | undefined): Owner | undefined {
  try {
    const value = JSON.parse(text ?? '') as Owner;
    return typeof value?.pid === 'number' && typeof value.hostname === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a dead process's lock, unless another process took it over first:
 * the file is moved aside (atomic, one winner), and put back if what was moved
 * is no longer the dead holder's.
 */
async function takeOverStaleLock(file: string, staleContent: string): Promise<boolean> {
  const aside = `${file}.${process.pid}.${tempCounter++}.stale`;
  try {
    await fs.rename(file, aside);
  } catch {
    return true; // gone already: try again
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => undefined);
  if (moved === staleContent) {
    await fs.rm(aside, { force: true });
    return true;
  }
  // A live process's lock was moved by mistake: give it back (unless a third process has taken the name meanwhile).
  await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
  return false;
}

export async function readJson(file: string): Promise<{ value: unknown } | { error: string } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { error: (error as Error).message };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
}
