/**
 * Pausing a flow's triggers, kept in the repository's state folder
 * (`.release-flow/triggers.json`, never committed), keyed by the flow file's
 * path in the repository.
 *
 * How it combines with `options.paused` in the file: the file's value is the
 * platform's state, where a GitOps sync would put it, and it applies as long
 * as nobody paused or resumed the flow locally. `release-flow pause` and
 * `resume` record an explicit local choice, and that choice wins until it is
 * changed again, so a flow paused in the file can be resumed for local
 * simulation without editing (and committing) the file. The explanation always
 * says where the state came from, and when the local choice differs from the
 * file.
 *
 * While paused, Git triggers (simulate, watch) do not start runs and the
 * webhook answers 202; `release-flow run` (a manual run) still works.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { atomicWrite, readJson, withLock } from '../runs/stateFiles';
import { repoRelativePath } from '../git/root';

export interface PauseState {
  paused: boolean;
  /** Where `paused` comes from: a local pause/resume, the file's `options.paused`, or neither (not paused). */
  source: 'local' | 'file' | 'default';
  /** The file's `options.paused`. */
  filePaused: boolean;
  /** When the local choice was made. */
  since?: string;
  /** One sentence for the explanation. */
  summary: string;
}

interface PauseFile {
  format: 1;
  flows: Record<string, { paused: boolean; at: string }>;
}

const FILE = 'triggers.json';

/** The flow's key in the state folder: its path in the repository with a leading `/`, else its absolute path. */
export function flowKeyOf(root: string | undefined, flowFile: string): string {
  if (root === undefined) return flowFile;
  const relative = path.relative(root, flowFile);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return flowFile;
  return repoRelativePath(root, flowFile);
}

async function load(folder: string): Promise<PauseFile> {
  const file = path.join(folder, FILE);
  const read = await readJson(file);
  if (read === undefined) return { format: 1, flows: {} };
  const value = 'value' in read ? (read.value as PauseFile) : undefined;
  if (!value || typeof value !== 'object' || typeof value.flows !== 'object' || value.flows === null) {
    throw new Error(`${file} cannot be read (${'error' in read ? read.error : 'not a pause state'}): fix or delete it; it is left as it is.`);
  }
  return value;
}

export function describePause(local: { paused: boolean; at: string } | undefined, filePaused: boolean): PauseState {
  if (local) {
    // Only a local resume overrides something: a local pause of a flow the file leaves active is ordinary.
    const differs = filePaused && !local.paused ? ' (the file says options.paused: true; the local resume wins here)' : '';
    return {
      paused: local.paused, source: 'local', filePaused, since: local.at,
      summary: `${local.paused ? 'Paused' : 'Resumed'} locally at ${local.at}${differs}.`,
    };
  }
  if (filePaused) return { paused: true, source: 'file', filePaused, summary: "Paused by options.paused in the file ('release-flow resume' resumes it locally)." };
  return { paused: false, source: 'default', filePaused, summary: 'Triggers are active.' };
}

export async function readPauseState(folder: string, flowKey: string, filePaused: boolean): Promise<PauseState> {
  const state = await load(folder);
  const local = Object.prototype.hasOwnProperty.call(state.flows, flowKey) ? state.flows[flowKey] : undefined;
  return describePause(local, filePaused);
}

/** Records a local pause or resume and returns the resulting state. */
export async function setPaused(folder: string, flowKey: string, paused: boolean, filePaused: boolean, now: () => string = () => new Date().toISOString()): Promise<PauseState> {
  await fs.mkdir(folder, { recursive: true });
  return withLock(path.join(folder, 'triggers.lock'), async () => {
    const state = await load(folder);
    const entry = { paused, at: now() };
    state.flows[flowKey] = entry;
    await atomicWrite(path.join(folder, FILE), JSON.stringify(state, null, 2) + '\n');
    return describePause(entry, filePaused);
  });
}
