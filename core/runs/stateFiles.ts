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

/**
 * Runs `work` while holding `<file>` as an exclusive lock. A lock left by a
 * process that died is taken over. Locks are held for milliseconds (one
 * read-modify-write of a small file), so waiting on one polls briefly.
 */
export async function withLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(JSON.stringify(currentOwner()));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await fs.readFile(file, 'utf8').then((text) => JSON.parse(text) as Owner).catch(() => undefined);
      if (holder !== undefined && !ownerAlive(holder)) {
        await fs.rm(file, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new Error(`The state folder is locked by process ${holder?.pid ?? '?'} (${file}); if no release-flow process is running, delete that file.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(file, { force: true });
  }
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
