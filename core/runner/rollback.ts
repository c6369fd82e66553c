/**
 * Roll back a stage to what a chosen run left (run-and-manage-releases.md,
 * "Roll back a release"): a new run, recorded like any other with kind
 * `rollback`, releases to each service and job the build or image it ran after
 * that run, and waits for each to run again. Migrations and addon data are not
 * undone, as on the platform. The flow configuration of that run can be
 * restored too, written to a new file, or over the flow file only when asked
 * explicitly.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DeploymentState } from '../runs/events';
import { runFlow, sha256, type RunEnvironment, type RunOutcome, type RunRequest } from './session';
import { atomicWrite } from '../runs/stateFiles';
import type { RunRecord } from '../runs/store';

export class RollbackError extends Error {}

export type RollbackOptions = Omit<RunRequest, 'flowFile' | 'flowText' | 'kind' | 'rollbackOf' | 'stage' | 'name' | 'description' | 'args' | 'secretArgs' | 'triggers' | 'notes'>;

/** The flow a rollback runs: one Release per deployed service or job, in parallel, each waiting until it runs. */
export function rollbackFlow(target: RunRecord): { text: string; skipped: DeploymentState[] } {
  const state = target.stageState;
  if (!state) {
    throw new RollbackError(`Run ${target.id.slice(0, 8)} ended ${target.status} without a recorded stage state, so there is nothing to return to. Choose a run that finished.`);
  }
  const steps: unknown[] = [];
  const skipped: DeploymentState[] = [];
  for (const resource of state.resources) {
    const deployment = resource.deployment;
    const targetSpec = { id: resource.id, type: resource.type };
    let spec: Record<string, unknown> | undefined;
    if (deployment?.internal) {
      spec = { type: 'build', origin: { id: deployment.internal.nfObjectId, branch: deployment.internal.branch, build: deployment.internal.buildId }, target: targetSpec };
    } else if (deployment?.external) {
      spec = { type: 'registry', origin: { imagePath: deployment.external.imagePath }, target: targetSpec };
    }
    if (!spec) {
      skipped.push(resource);
      continue;
    }
    steps.push({ kind: 'Release', ref: `restore-${resource.id}`, spec, condition: 'running' });
  }
  if (steps.length === 0) {
    throw new RollbackError(`Run ${target.id.slice(0, 8)} left nothing deployed in ${state.stage}, so a rollback would change nothing.`);
  }
  const flow = { apiVersion: 'v1.2', options: { concurrencyPolicy: 'queue' }, spec: { kind: 'Workflow', spec: { type: 'parallel', steps } } };
  return { text: JSON.stringify(flow, null, 2) + '\n', skipped };
}

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

export interface ConfigRestore {
  file: string;
  written: boolean;
  message: string;
}

/**
 * Writes the flow configuration `target` ran with: to `<name>.rollback-<run>.json`
 * next to the flow file, or over the flow file itself only with `overwrite`.
 */
export async function restoreConfig(target: RunRecord, overwrite: boolean): Promise<ConfigRestore> {
  const flowFile = target.flow.file;
  const current = await fs.readFile(flowFile, 'utf8').catch(() => undefined);
  if (current === target.flow.text) return { file: flowFile, written: false, message: `${flowFile} already holds the configuration of run ${target.id.slice(0, 8)}; nothing written.` };
  if (overwrite) {
    await atomicWrite(flowFile, target.flow.text);
    return { file: flowFile, written: true, message: `Wrote the configuration of run ${target.id.slice(0, 8)} over ${flowFile} (--overwrite).` };
  }
  const base = path.basename(flowFile).replace(/\.json$/i, '');
  const file = path.join(path.dirname(flowFile), `${base}.rollback-${target.id.slice(0, 8)}.json`);
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing !== target.flow.text) {
    throw new RollbackError(`${file} exists and differs from the configuration of run ${target.id.slice(0, 8)}; move it away first (it is never overwritten).`);
  }
  if (existing === undefined) await atomicWrite(file, target.flow.text);
  return { file, written: existing === undefined, message: `Wrote the configuration of run ${target.id.slice(0, 8)} to ${file}; ${flowFile} is unchanged. Compare, then copy it over the flow to restore it (or use --overwrite).` };
}
