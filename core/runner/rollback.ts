/**
 * A rollback run on the local engine: a new run, recorded like any other with
 * kind `rollback`, of the flow core/runs/rollback.ts derives from the chosen
 * run's record; it waits for each service and job to run again.
 */
import { promises as fs } from 'node:fs';
import { rollbackFlow } from '../runs/rollback';
import type { RunRecord } from '../runs/store';
import { runFlow, sha256, type RunEnvironment, type RunOutcome, type RunRequest } from './session';

export type RollbackOptions = Omit<RunRequest, 'flowFile' | 'flowText' | 'kind' | 'rollbackOf' | 'stage' | 'name' | 'description' | 'args' | 'secretArgs' | 'triggers' | 'notes'>;

/** Starts the rollback run of `target`'s stage. */
export async function rollbackTo(target: RunRecord, env: RunEnvironment, options: RollbackOptions = {}): Promise<RunOutcome> {
  const { text, skipped } = rollbackFlow(target);
  const label = target.name ? ` (${target.name})` : '';
  const request: RunRequest = {
    ...options,
    flowFile: target.flow.file,
    flowText: text,
    kind: 'rollback',
    rollbackOf: target.id,
    stage: target.stage,
    name: `Rollback to ${target.id.slice(0, 8)}`,
    description: `Returns ${target.stage} to the state after run ${target.id}${label}`.replace(/[^a-zA-Z0-9.,?\s\\/'"()[\];`%^&*\-_:!]/g, ' ').slice(0, 200),
  };
  const notes = skipped.map((r) => `${r.type} ${r.id} had nothing deployed after run ${target.id.slice(0, 8)}; it is left as it is.`);
  notes.push('Addon data and migrations are not rolled back: restore a backup if the schema changed since.');
  const current = await fs.readFile(target.flow.file, 'utf8').catch(() => undefined);
  if (current !== undefined && sha256(current) !== target.flow.hash) {
    notes.push(`The flow file has changed since run ${target.id.slice(0, 8)}; roll back with --config to get that configuration back.`);
  }
  return runFlow({ ...request, notes }, env);
}
