/**
 * Condition nodes: hold the workflow until a resource runs or an operation has
 * succeeded (template-nodes.md, "Condition nodes"). A check reads the world at
 * the time it is made; the scheduler checks again when the world changes or
 * when the next scripted change is due, until the condition is met, fails, or
 * its timeout passes.
 */
import type { OutcomeStep } from './scenario';
import { PlatformError, type Operation, type WatchState } from './operation';
import type { PlatformAccess } from './access';
import { backupStatus, deploymentStatus, type BackupRecord } from './world';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const notMet = (nextAt: number, why?: string): WatchState => (why === undefined ? { done: false, nextAt } : { done: false, nextAt, why });
const met: WatchState = { done: true, ok: true, outputs: {} };
/** What the condition watches has failed or does not exist: checking again would say the same. */
const failed = (message: string): WatchState => ({ done: true, ok: false, final: true, error: { code: 'condition-failed', message } });

export function conditionOperation(platform: PlatformAccess, spec: Json, outcome: OutcomeStep): Operation {
  const kind = str(spec.kind) ?? '';
  const inner = obj(spec.spec);
  const type = str(inner.type) ?? '';
  const data = obj(inner.data);
  // The wait's timeout (spec.spec.data.timeoutDuration) is read by the scheduler.
  const operation = (watch: () => Promise<WatchState>): Operation => ({ outputs: {}, mustWait: true, watch });
  if (outcome.result === 'fail') return operation(async () => ({ done: true, ok: false, error: { code: 'condition-failed', message: outcome.message ?? `The ${kind} condition failed (scripted by the scenario).` } }));
  const need = (key: string): string => {
    const value = str(data[key]);
    if (!value) throw new PlatformError('invalid-spec', `The ${kind} condition needs spec.spec.data.${key}.`, false);
    return value;
  };
  switch (`${kind} ${type}`) {
    case 'Service running': {
      const id = need('serviceId');
      platform.checkInStage('service', id);
      return operation(async () => {
        const now = platform.clock.now();
        const deployment = await platform.deploymentOf('service', id);
        const scripted = platform.notRunningUntil('service', id);
        // A service with nothing deployed, or whose rollout failed, may still come up: keep waiting until the timeout.
        if (!deployment) return notMet(Infinity, `service ${id} has nothing deployed in ${platform.stage.name}`);
        const status = deploymentStatus(deployment, now, scripted);
        if (status === 'running') return met;
        if (status === 'failed') return notMet(Infinity, `the rollout of service ${id} failed`);
        const next = Math.max(deployment.runningAt, scripted);
        return notMet(next, next === Infinity ? `the scenario says service ${id} never runs` : undefined);
      });
    }
    case 'Addon running': {
      const id = need('addonId');
      platform.checkInStage('addon', id);
      return operation(async () => {
        const until = platform.notRunningUntil('addon', id);
        return platform.clock.now() >= until ? met : notMet(until, until === Infinity ? `the scenario says addon ${id} never runs` : undefined);
      });
    }
    case 'BYOCCluster running':
      return operation(async () => met);
    case 'VCS createRepoFromSourceSuccess':
      need('trackerId');
      return operation(async () => met);
    case 'Build success': {
      const id = need('buildId');
      return operation(async () => {
        const build = (await platform.read()).builds.find((b) => b.id === id);
        if (!build) return failed(`Build '${id}' does not exist.`);
        if (platform.clock.now() < build.concludesAt) return notMet(build.concludesAt);
        return build.outcome === 'success' ? met : failed(build.message ?? `Build ${id} of ${build.builder} failed.`);
      });
    }
    case 'JobRun success': {
      const runId = need('runId');
      const jobId = str(data.jobId);
      return operation(async () => {
        const run = (await platform.read()).jobRuns.find((r) => r.id === runId && (jobId === undefined || r.jobId === jobId));
        if (!run) return failed(`Job run '${runId}'${jobId ? ` of ${jobId}` : ''} does not exist.`);
        if (platform.clock.now() < run.concludesAt) return notMet(run.concludesAt);
        return run.outcome === 'success' ? met : failed(run.message ?? `Job run ${run.runName} of ${run.jobId} failed.`);
      });
    }
    case 'AddonBackup success':
    case 'AddonImport success': {
      const importing = kind === 'AddonImport';
      const id = need(importing ? 'importId' : 'backupId');
      const addonId = str(data.addonId);
      return operation(async () => {
        const world = await platform.read();
        const record = (importing ? world.imports : world.backups).find((b: BackupRecord) => b.id === id && (addonId === undefined || b.addonId === addonId));
        const what = importing ? 'Import' : 'Backup';
        if (!record) return failed(`${what} '${id}'${addonId ? ` of ${addonId}` : ''} does not exist.`);
        const status = backupStatus(record, platform.clock.now());
        if (status === 'in-progress') return notMet(record.completesAt);
        return status === 'completed' ? met : failed(`${what} ${id} of ${record.addonId} failed.`);
      });
    }
    default:
      throw new PlatformError('unsupported-condition', `A ${kind} condition of type '${type}' is not simulated by the local runner.`, false);
  }
}
