/**
 * What job runs, backups (and imports) and actions do on the simulated
 * platform: each checks its resource is in the stage, records the operation
 * in the world with its scripted duration and outcome, and answers with the
 * API's response shape.
 */
import type { NodeError } from '../runs/events';
import { durationFor, type OutcomeStep } from './scenario';
import { concludesAt, PlatformError, type Operation } from './operation';
import type { NodeRef, PlatformAccess } from './access';
import { backupOutputs, jobRunOutputs, resourceKey, type BackupRecord } from './world';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export async function jobRun(platform: PlatformAccess, node: NodeRef, spec: Json, outcome: OutcomeStep): Promise<Operation> {
  const jobId = str(spec.jobId);
  if (!jobId) throw new PlatformError('invalid-spec', 'The JobRun node has no spec.jobId.', false);
  platform.checkInStage('job', jobId);
  const deployed = await platform.deploymentOf('job', jobId);
  if (!deployed) {
    const scripted = platform.scenario.resources[resourceKey('job', jobId)]?.deployed === false ? ' (the scenario says "deployed": false)' : '';
    throw new PlatformError('nothing-deployed', `Job ${jobId} in ${platform.stage.name} has nothing deployed${scripted}, so it cannot run: release a build or an image to it first, or give it one in the scenario's resources.`, false);
  }
  const now = platform.clock.now();
  const world = await platform.read();
  const record = {
    id: platform.ids.uuid(), jobId, stage: platform.stage.name, runName: `${jobId}-${world.jobRuns.filter((r) => r.jobId === jobId).length + 1}`,
    startedAt: now, concludesAt: now + durationFor(platform.scenario, node.kind, node.ref), outcome: outcome.result === 'fail' ? ('fail' as const) : ('success' as const),
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
  };
  await platform.change((w) => w.jobRuns.push(record));
  return {
    outputs: jobRunOutputs(record, now),
    watch: concludesAt(platform.clock, record.concludesAt, (at) => jobRunOutputs(record, at),
      record.outcome === 'success' ? undefined : record.message ?? `Job run ${record.runName} of ${jobId} failed (scripted by the scenario).`),
  };
}


export async function backup(platform: PlatformAccess, node: NodeRef, spec: Json, outcome: OutcomeStep): Promise<Operation> {
  const addonId = str(spec.addonId);
  const importing = node.kind === 'AddonImport';
  if (!addonId) throw new PlatformError('invalid-spec', `The ${node.kind} node has no spec.addonId.`, false);
  platform.checkInStage('addon', addonId);
  const now = platform.clock.now();
  if (now < platform.notRunningUntil('addon', addonId)) {
    throw new PlatformError('addon-not-running', `Addon ${addonId} is not running: ${importing ? 'an import' : 'a backup'} needs a running addon (scripted by the scenario).`, true);
  }
  const record: BackupRecord = {
    id: platform.ids.name(), addonId, name: `${addonId}-${new Date(now).toISOString().slice(0, 19).replace(/[-:T]/g, '')}`,
    backupType: str(spec.backupType) ?? 'snapshot', createdAt: now, completesAt: now + durationFor(platform.scenario, node.kind, node.ref),
    outcome: outcome.result === 'fail' ? 'fail' : 'success', addonVersion: platform.addonVersion(addonId), size: 48_234_496,
  };
  await platform.change((w) => (importing ? w.imports : w.backups).push(record));
  const what = importing ? 'Import' : 'Backup';
  return {
    outputs: backupOutputs(record, now),
    watch: concludesAt(platform.clock, record.completesAt, (at) => backupOutputs(record, at),
      record.outcome === 'success' ? undefined : outcome.message ?? `${what} ${record.id} of ${addonId} failed (scripted by the scenario).`),
  };
}


/**
 * An action with its inner `condition` (`running` after a restart, `success`
 * after a restore) waits for it, within `spec.spec.data.timeoutDuration`,
 * shown as `waiting`; without one the node is done once the platform accepted
 * the request (a scripted failure then fails the request itself).
 */
function waitsFor(inner: Json, operation: Operation, error: NodeError | undefined): Operation {
  if (typeof inner.condition === 'string' && inner.condition !== '') return { ...operation, mustWait: true, working: false };
  if (!error) return { outputs: operation.outputs };
  return { outputs: operation.outputs, mustWait: true, working: true, watch: async () => ({ done: true, ok: false, error }) };
}

export async function action(platform: PlatformAccess, node: NodeRef, spec: Json, outcome: OutcomeStep): Promise<Operation> {
  const kind = str(spec.kind) ?? '';
  const inner = obj(spec.spec);
  const type = str(inner.type) ?? '';
  const data = obj(inner.data);
  const error = outcome.result === 'fail' ? { code: 'operation-failed', message: outcome.message ?? `${kind} ${type} failed (scripted by the scenario).` } : undefined;
  switch (`${kind} ${type}`) {
    case 'Service restart': case 'Addon restart': case 'Service execute': case 'Job execute': {
      const resourceType = kind === 'Addon' ? 'addon' : kind === 'Job' ? 'job' : 'service';
      const id = str(data[`${resourceType}Id`]);
      if (!id) throw new PlatformError('invalid-spec', `The ${kind} ${type} action needs spec.spec.data.${resourceType}Id.`, false);
      platform.checkInStage(resourceType, id);
      // A command's result is the node's output: executing always waits for it.
      if (type === 'execute') return platform.timed(node, { exitCode: error ? 1 : 0, status: error ? 'Failure' : 'Success', message: '' }, error);
      return waitsFor(inner, platform.timed(node, {}, error), error);
    }
    case 'AddonBackup restore': {
      const backupId = str(data.backupId);
      const backup = (await platform.read()).backups.find((b) => b.id === backupId);
      if (!backup || platform.clock.now() < backup.completesAt || backup.outcome !== 'success') {
        throw new PlatformError('unknown-backup', `Backup '${backupId ?? ''}' does not exist or has not completed, so it cannot be restored.`, false);
      }
      return waitsFor(inner, platform.timed(node, { restoreId: platform.ids.uuid() }, error), error);
    }
    case 'VCS createRepoFromSource':
      return waitsFor(inner, platform.timed(node, { trackerId: platform.ids.uuid() }, error), error);
    default:
      throw new PlatformError('unsupported-action', `The ${kind} ${type} action is not simulated by the local runner.`, false);
  }
}
