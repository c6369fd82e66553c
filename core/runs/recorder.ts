/**
 * Folds a run's events into its record and keeps the record on disk current.
 * Saves are coalesced: one write in flight at a time; a change after a quiet
 * spell is written at once, later ones after a pause that grows with the
 * record (a 10,000-node run is not rewritten 30,000 times); the start and the
 * end of a run are always written.
 */
import { TERMINAL_NODE_STATUSES, type RunEvent } from './events';
import type { NodeRecord, RunRecord, RunStore } from './store';

const MIN_SAVE_INTERVAL_MS = 50;

export class RunRecorder {
  private readonly byIndex = new Map<number, NodeRecord>();
  private writing: Promise<void> | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private interval = MIN_SAVE_INTERVAL_MS;
  private lastSaved = 0;
  private failure: Error | undefined;

  constructor(
    readonly record: RunRecord,
    private readonly store: RunStore | undefined,
  ) {
    for (const node of record.nodes) this.byIndex.set(node.index, node);
  }

  /** Applies one event to the record and schedules a save. */
  apply(event: RunEvent): void {
    const record = this.record;
    record.updatedAt = event.at;
    switch (event.type) {
      case 'run-started':
        record.status = 'running';
        record.startedAt = event.at;
        record.nodes = event.nodes.map((info) => {
          const node: NodeRecord = { index: info.index, kind: info.kind, path: info.path, depth: info.depth, status: 'pending', attempts: 0, history: [] };
          if (info.parent !== undefined) node.parent = info.parent;
          if (info.ref !== undefined) node.ref = info.ref;
          if (info.workflowType !== undefined) node.workflowType = info.workflowType;
          if (info.target !== undefined) node.target = info.target;
          if (info.settings !== undefined) node.settings = info.settings;
          return node;
        });
        this.byIndex.clear();
        for (const node of record.nodes) this.byIndex.set(node.index, node);
        this.saveNow();
        return;
      case 'node-status': {
        const node = this.byIndex.get(event.node);
        if (!node) return;
        node.status = event.status;
        node.attempts = Math.max(node.attempts, event.attempt);
        const change: NodeRecord['history'][number] = { status: event.status, at: event.at, attempt: event.attempt };
        if (event.error) change.error = event.error;
        node.history.push(change);
        if (event.status === 'running' && node.startedAt === undefined) node.startedAt = event.at;
        if (TERMINAL_NODE_STATUSES.has(event.status)) node.endedAt = event.at;
        if (event.retries !== undefined) node.retries = event.retries;
        if (event.request !== undefined) node.request = event.request;
        if (event.outputs !== undefined) node.outputs = event.outputs;
        if (event.error) node.error = event.error;
        else if (event.status === 'success') delete node.error;
        break;
      }
      case 'note': {
        const note: RunRecord['notes'][number] = { at: event.at, message: event.message };
        if (event.node !== undefined) note.node = event.node;
        record.notes.push(note);
        break;
      }
      case 'run-finished':
        record.status = event.status;
        record.concludedAt = event.at;
        record.stageState = event.stageState;
        if (event.error !== undefined) record.error = event.error;
        this.saveNow();
        return;
      default:
        return;
    }
    this.schedule();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.writing || this.timer) return;
    // After a quiet spell the change is written at once: a crash loses as little as possible.
    const wait = this.lastSaved + this.interval - Date.now();
    if (wait <= 0) {
      this.saveNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, wait);
  }

  private saveNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.dirty = true;
    if (this.writing || !this.store) return;
    this.dirty = false;
    const started = Date.now();
    const store = this.store;
    this.writing = store
      .save(this.record)
      .catch((error: Error) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.writing = undefined;
        this.lastSaved = Date.now();
        // A big record takes long to write: wait a few writes' time before the next, so the run is not slowed by its own history.
        this.interval = Math.max(MIN_SAVE_INTERVAL_MS, (Date.now() - started) * 4);
        if (this.dirty) this.schedule();
      });
  }

  /** Writes whatever is not on disk yet; rejects if any save failed. */
  async flush(): Promise<void> {
    if (!this.store) return;
    while (this.writing || this.dirty || this.timer) {
      if (this.timer) this.saveNow();
      else if (!this.writing && this.dirty) this.saveNow();
      await this.writing;
    }
    if (this.failure) throw this.failure;
  }
}
