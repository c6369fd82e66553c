/**
 * Run history and the simulated platform's state, in one folder per
 * repository that the CLI and the editor share: `<repo root>/.release-flow/`.
 * The folder carries its own `.gitignore` (`*`), so Git never picks it up,
 * whatever the repository's own ignore rules say.
 *
 *   .release-flow/.gitignore         *
 *   .release-flow/runs/<id>.json     one record per run (RunRecord)
 *   .release-flow/runs/<id>.summary.json   its summary, so that listing runs reads little
 *   .release-flow/platform.json      the simulated platform (core/simulation/worldFile.ts)
 *   .release-flow/secrets.json       randomSecret values, mode 0600
 *
 * Every write is atomic. A run left `running` by a process that is gone is
 * marked `interrupted` when the store is next opened; a record that cannot be
 * read is reported, never deleted or overwritten.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { NodeError, NodeRetries, NodeSettings, NodeStatus, RunKind, RunStatus, StageState, TriggerValues } from './events';
import type { RunOverrides } from './overrides';
import { atomicWrite, ownerAlive, readJson, withLock, type Owner } from './stateFiles';

export const STATE_FOLDER = '.release-flow';
export const RECORD_FORMAT = 1;

export interface NodeStatusChange {
  status: NodeStatus;
  at: string;
  attempt: number;
  error?: NodeError;
}

export interface NodeRecord {
  index: number;
  parent?: number;
  kind: string;
  ref?: string;
  path: string;
  depth: number;
  workflowType?: 'sequential' | 'parallel';
  target?: string;
  status: NodeStatus;
  attempts: number;
  /** The last `response.retries` reported. */
  retries?: NodeRetries;
  history: NodeStatusChange[];
  startedAt?: string;
  endedAt?: string;
  /** The last attempt's resolved fields (secrets masked). */
  request?: unknown;
  /** The response data (secrets masked). */
  outputs?: unknown;
  error?: NodeError;
  /** Run details' node `settings`: how it is retried. */
  settings?: NodeSettings;
}

/** Where a run ran: the embedded simulated platform, or Northflank itself (recorded while followed). */
export type RunSource = 'local' | 'northflank';

/** For a run on the platform: where it is, so that it can be followed again. */
export interface RemoteRunInfo {
  project: string;
  pipeline: string;
  stage: string;
  team?: string;
}

export interface RunRecord {
  format: number;
  id: string;
  kind: RunKind;
  /** Absent in records made before platform runs were recorded: `local`. */
  source?: RunSource;
  remote?: RemoteRunInfo;
  rollbackOf?: string;
  name?: string;
  description?: string;
  flow: {
    /** Absolute path of the flow file when the run was made. */
    file: string;
    /** Path inside the repository, with a leading '/', when in one. */
    repoPath?: string;
    /** `sha256:<hex>` of the flow text. */
    hash: string;
    /** The flow exactly as it ran: what `rollback --config` restores. */
    text: string;
  };
  stage: string;
  status: RunStatus;
  concurrencyPolicy: string;
  createdAt: string;
  startedAt?: string;
  concludedAt?: string;
  updatedAt: string;
  owner: Owner;
  arguments: Record<string, unknown>;
  triggers: Record<string, TriggerValues>;
  /** The run request's overrides (secrets masked). */
  overrides?: RunOverrides;
  scenario?: { file?: string; hash: string };
  nodes: NodeRecord[];
  notes: { at: string; node?: number; message: string }[];
  /** What the stage ran once the run ended. */
  stageState?: StageState;
  error?: string;
}

export interface RunSummary {
  id: string;
  source?: RunSource;
  remote?: RemoteRunInfo;
  /** The process that ran it. */
  owner: Owner;
  kind: RunKind;
  rollbackOf?: string;
  name?: string;
  flowFile: string;
  stage: string;
  status: RunStatus;
  createdAt: string;
  startedAt?: string;
  concludedAt?: string;
  error?: string;
}

export interface CorruptRecord {
  file: string;
  error: string;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'ambiguous' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

/** Runs that still hold their flow: `forbid` refuses and `queue` waits while one of these is live. */
const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'pending', 'running', 'aborting']);

export function summarize(record: RunRecord): RunSummary {
  const summary: RunSummary = { id: record.id, owner: record.owner, kind: record.kind, flowFile: record.flow.file, stage: record.stage, status: record.status, createdAt: record.createdAt };
  for (const key of ['rollbackOf', 'name', 'startedAt', 'concludedAt', 'error'] as const) {
    const value = record[key];
    if (value !== undefined) summary[key] = value;
  }
  if (record.source !== undefined) summary.source = record.source;
  if (record.remote !== undefined) summary.remote = record.remote;
  return summary;
}

/** Records written before statuses took the platform's words said `failed`: read them in today's words. */
function renamedStatus<S extends string>(status: S): S {
  return (status === 'failed' ? 'failure' : status) as S;
}

function upgradeRecord(record: RunRecord): RunRecord {
  record.status = renamedStatus(record.status);
  for (const node of record.nodes) {
    node.status = renamedStatus(node.status);
    for (const change of node.history ?? []) change.status = renamedStatus(change.status);
  }
  return record;
}

function isRecord(value: unknown): value is RunRecord {
  const r = value as RunRecord;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.status === 'string' && typeof r.createdAt === 'string' && Array.isArray(r.nodes) && typeof r.flow === 'object' && r.flow !== null;
}

function isSummary(value: unknown): value is RunSummary {
  const r = value as RunSummary;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.status === 'string' && typeof r.createdAt === 'string' && typeof r.flowFile === 'string' && typeof r.owner === 'object' && r.owner !== null;
}

export class RunStore {
  private constructor(readonly folder: string) {}

  /** Opens (creating it if needed) the state folder, and marks runs whose process is gone as interrupted. */
  static async open(folder: string, now: () => string = () => new Date().toISOString()): Promise<{ store: RunStore; interrupted: RunSummary[] }> {
    await fs.mkdir(path.join(folder, 'runs'), { recursive: true });
    const ignore = path.join(folder, '.gitignore');
    const current = await fs.readFile(ignore, 'utf8').catch(() => undefined);
    if (current === undefined || !current.split(/\r?\n/).includes('*')) await atomicWrite(ignore, '# Local state of release-flow runs: never committed.\n*\n');
    const store = new RunStore(folder);
    return { store, interrupted: await store.recover(now) };
  }

  private get runsFolder(): string {
    return path.join(this.folder, 'runs');
  }

  private fileOf(id: string, summary = false): string {
    if (!/^[A-Za-z0-9-]+$/.test(id)) throw new StoreError('not-found', `'${id}' is not a run id.`);
    return path.join(this.runsFolder, summary ? `${id}.summary.json` : `${id}.json`);
  }

  /** Writes the record, then its summary: a summary is never newer than its record. */
  async save(record: RunRecord): Promise<void> {
    const json = JSON.stringify(record);
    await atomicWrite(this.fileOf(record.id), json);
    // The record's size goes with its summary: listing checks it, so a summary never vouches for a record that changed.
    await atomicWrite(this.fileOf(record.id, true), JSON.stringify({ ...summarize(record), recordBytes: Buffer.byteLength(json) }));
  }

  private async ids(): Promise<string[]> {
    const names = await fs.readdir(this.runsFolder).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith('.json') && !name.endsWith('.summary.json') && !name.startsWith('.')).map((name) => name.slice(0, -'.json'.length));
  }

  /** The full record of `id`; StoreError when it cannot be read. */
  private async read(id: string): Promise<RunRecord> {
    const file = path.join(this.runsFolder, `${id}.json`);
    const read = await readJson(file);
    if (read === undefined) throw new StoreError('not-found', `No run '${id}' in ${this.folder}.`);
    if ('error' in read) throw new StoreError('corrupt', `The record ${file} cannot be read: ${read.error}. It is left as it is.`);
    if (!isRecord(read.value)) throw new StoreError('corrupt', `The record ${file} is not a run record (id, status, createdAt, flow or nodes missing). It is left as it is.`);
    return upgradeRecord(read.value);
  }

  /** Every run's summary, newest first, and the records that could not be read. */
  async list(): Promise<{ runs: RunSummary[]; corrupt: CorruptRecord[] }> {
    const runs: RunSummary[] = [];
    const corrupt: CorruptRecord[] = [];
    const names = await fs.readdir(this.runsFolder).catch(() => [] as string[]);
    // Summaries whose record is gone are reported too.
    const orphans = names.filter((name) => name.endsWith('.summary.json') && !name.startsWith('.')).map((name) => name.slice(0, -'.summary.json'.length));
    const ids = await this.ids();
    for (const id of orphans) {
      if (!ids.includes(id)) corrupt.push({ file: path.join(this.runsFolder, `${id}.json`), error: 'the record is missing (only its summary is left)' });
    }
    for (const id of ids) {
      const summary = await readJson(path.join(this.runsFolder, `${id}.summary.json`));
      if (summary !== undefined && 'value' in summary && isSummary(summary.value)) {
        const { recordBytes, ...fields } = summary.value as RunSummary & { recordBytes?: number };
        const recordSize = await fs.stat(path.join(this.runsFolder, `${id}.json`)).then((stat) => stat.size, () => undefined);
        if (recordBytes !== undefined && recordSize === recordBytes) {
          runs.push({ ...fields, status: renamedStatus(fields.status) });
          continue;
        }
      }
      // No summary that vouches for the record (a crash between the two writes, an older folder, a record changed since): the record says it all.
      try {
        runs.push(summarize(await this.read(id)));
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        corrupt.push({ file: path.join(this.runsFolder, `${id}.json`), error: error.message.replace(/^The record \S+ (cannot be read: )?/, '').replace(/\. It is left as it is\.$/, '') });
      }
    }
    runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return { runs, corrupt };
  }

  /** A run by id, unique id prefix, or `latest`. */
  async get(idOrPrefix: string): Promise<RunRecord> {
    if (idOrPrefix === 'latest') {
      const latest = (await this.list()).runs[0];
      if (!latest) throw new StoreError('not-found', `No runs are recorded in ${this.folder} yet.`);
      return this.read(latest.id);
    }
    const ids = await this.ids();
    if (ids.includes(idOrPrefix)) return this.read(idOrPrefix);
    const matches = ids.filter((id) => id.startsWith(idOrPrefix));
    if (matches.length > 1) throw new StoreError('ambiguous', `'${idOrPrefix}' matches ${matches.length} runs (${matches.map((id) => id.slice(0, 12)).join(', ')}): give more of the id.`);
    if (matches[0]) return this.read(matches[0]);
    throw new StoreError('not-found', `No run '${idOrPrefix}' in ${this.folder}. 'release-flow runs list' shows the recorded runs.`);
  }

  /** Runs of `flowFile` that are queued, pending or running in a live process, oldest first. */
  async active(flowFile: string): Promise<RunSummary[]> {
    const { runs } = await this.list();
    return runs.filter((r) => r.flowFile === flowFile && r.source !== 'northflank' && ACTIVE.has(r.status) && ownerAlive(r.owner)).reverse();
  }

  /** Marks runs whose owning process is gone as interrupted; their history stays as it was. */
  async recover(now: () => string): Promise<RunSummary[]> {
    const interrupted: RunSummary[] = [];
    for (const summary of (await this.list()).runs) {
      // A platform run goes on when the process following it ends: it is followed again, never marked interrupted.
      if (!ACTIVE.has(summary.status) || summary.source === 'northflank' || ownerAlive(summary.owner)) continue;
      const record = await this.read(summary.id).catch(() => undefined);
      if (!record || !ACTIVE.has(record.status)) continue;
      record.status = 'interrupted';
      record.updatedAt = now();
      record.error = `Interrupted: the process running it (pid ${record.owner.pid}) ended before the run finished. Node statuses are the last ones recorded.`;
      await this.save(record);
      interrupted.push(summarize(record));
    }
    return interrupted;
  }

  async secrets(): Promise<Record<string, string>> {
    const read = await readJson(path.join(this.folder, 'secrets.json'));
    if (read === undefined) return {};
    if ('error' in read || typeof read.value !== 'object' || read.value === null) {
      throw new Error(`${path.join(this.folder, 'secrets.json')} cannot be read (${'error' in read ? read.error : 'not an object'}); generated secrets would change. Fix or move the file.`);
    }
    return read.value as Record<string, string>;
  }

  async addSecrets(entries: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(entries).length === 0) return;
    await withLock(path.join(this.folder, 'secrets.lock'), async () => {
      const current = await this.secrets();
      await atomicWrite(path.join(this.folder, 'secrets.json'), JSON.stringify({ ...current, ...entries }, null, 2), 0o600);
    });
  }
}
