/**
 * Roll back a stage to what a chosen run left (run-and-manage-releases.md,
 * "Roll back a release"), from its record alone: the flow that returns each
 * service and job to the build or image it ran after that run, and the flow
 * configuration the run used, restored to a new file (or over the flow file
 * only when asked explicitly). Migrations and addon data are not undone, as
 * on the platform. The local engine runs the rollback flow (core/runner/rollback.ts).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DeploymentState } from './events';
import { atomicWrite } from './stateFiles';
import type { RunRecord } from './store';

export class RollbackError extends Error {}

/** The flow a rollback runs: one Release per deployed service or job, in parallel, each waiting until it runs. */
export function rollbackFlow(target: RunRecord): { text: string; skipped: DeploymentState[] } {
  if (target.source === 'northflank') {
    throw new RollbackError(`Run ${target.id.slice(0, 8)} ran on Northflank, not on the simulated platform: roll it back there (the simulation never ran it).`);
  }
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
