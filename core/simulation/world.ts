/**
 * The simulated platform's state: builds, what each stage deploys, job runs,
 * backups and addons. Operations store when they conclude and how, so that a
 * status is a function of the time it is read at; nothing has to be updated
 * when a build finishes, and a state reloaded after a crash stays coherent.
 *
 * Output shapes follow the platform's API responses as catalogued in
 * core/catalogue/kinds.ts (BUILD_OUTPUTS, JOB_RUN_OUTPUTS, ADDON_BACKUP_OUTPUTS,
 * RELEASE_OUTPUTS), so `${refs...}` read what they read on the platform.
 */
import { iso } from '../runs/clock';
import type { AddonState, DeploymentState, StageState } from '../runs/events';

export interface BuildRecord {
  id: string;
  builder: string;
  type: 'service' | 'job';
  branch: string | null;
  sha: string;
  createdAt: number;
  concludesAt: number;
  outcome: 'success' | 'fail';
  message?: string;
  runId?: string;
}

export interface InternalImage {
  nfObjectId: string;
  nfObjectType: 'service' | 'job';
  repository: string;
  branch: string;
  buildId: string;
  buildSHA: string;
  deployedSHA: string;
}

export interface DeploymentRecord {
  type: 'service' | 'job';
  id: string;
  internal?: InternalImage;
  external?: { imagePath: string; registryProvider: string; privateImage: boolean };
  releasedAt: number;
  runningAt: number;
  /** Set when the rollout fails: the time it is seen to fail. */
  failsAt?: number;
  runId?: string;
  /** Assumed to exist and run (the simulation never released its image), or promoted from such a one. */
  assumed?: true;
}

export interface JobRunRecord {
  id: string;
  jobId: string;
  stage: string;
  runName: string;
  startedAt: number;
  concludesAt: number;
  outcome: 'success' | 'fail';
  message?: string;
}

export interface BackupRecord {
  id: string;
  addonId: string;
  name: string;
  backupType: string;
  createdAt: number;
  completesAt: number;
  outcome: 'success' | 'fail';
  addonVersion: string;
  size: number;
}

export interface World {
  version: 1;
  builds: BuildRecord[];
  /** stage name -> `service:<id>` / `job:<id>` -> what it runs. */
  deployments: Record<string, Record<string, DeploymentRecord>>;
  jobRuns: JobRunRecord[];
  backups: BackupRecord[];
  /** Imports into addons, kept like backups. */
  imports: BackupRecord[];
}

/** Older operations beyond this many per list are dropped: the state folder must not grow without bound. */
export const MAX_RECORDS = 1000;

export function emptyWorld(): World {
  return { version: 1, builds: [], deployments: {}, jobRuns: [], backups: [], imports: [] };
}

/** A world read from disk, repaired where a field is missing; undefined when it is not a world at all. */
export function asWorld(value: unknown): World | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const w = value as Partial<World>;
  if (w.version !== 1) return undefined;
  const list = <T>(items: T[] | undefined): T[] => (Array.isArray(items) ? items : []);
  return {
    version: 1,
    builds: list(w.builds),
    deployments: w.deployments && typeof w.deployments === 'object' ? w.deployments : {},
    jobRuns: list(w.jobRuns),
    backups: list(w.backups),
    imports: list(w.imports),
  };
}

export function trimWorld(world: World): void {
  for (const key of ['builds', 'jobRuns', 'backups', 'imports'] as const) {
    const list = world[key] as unknown[];
    if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
  }
}

/** Where the world is kept: in memory for tests and benches, in the state folder for the CLI. */
export interface WorldStore {
  read(): Promise<World>;
  /** Applies `change` to the latest world and saves it, atomically with respect to other writers. */
  update<T>(change: (world: World) => T): Promise<T>;
}

export class MemoryWorld implements WorldStore {
  constructor(private world: World = emptyWorld()) {}

  read(): Promise<World> {
    return Promise.resolve(this.world);
  }

  update<T>(change: (world: World) => T): Promise<T> {
    const result = change(this.world);
    trimWorld(this.world);
    return Promise.resolve(result);
  }
}

export const resourceKey = (type: string, id: string): string => `${type}:${id}`;

// ---------------------------------------------------------------------------
// Statuses and API-shaped outputs at a given time

export function buildOutputs(build: BuildRecord, now: number): Record<string, unknown> {
  const concluded = now >= build.concludesAt;
  const status = !concluded ? (now === build.createdAt ? 'PENDING' : 'BUILDING') : build.outcome === 'success' ? 'SUCCESS' : 'FAILURE';
  const outputs: Record<string, unknown> = {
    id: build.id,
    branch: build.branch,
    pullRequestId: null,
    sha: build.sha,
    registry: { uri: `registry.simulated.local/${build.builder}:${build.sha.slice(0, 12)}` },
    createdAt: iso(build.createdAt),
    status,
    concluded,
  };
  if (concluded) {
    outputs.success = build.outcome === 'success';
    outputs.message = build.message ?? (build.outcome === 'success' ? 'Build succeeded' : 'Build failed');
    outputs.buildConcludedAt = Math.floor(build.concludesAt / 1000);
  }
  return outputs;
}

export function jobRunOutputs(run: JobRunRecord, now: number): Record<string, unknown> {
  const concluded = now >= run.concludesAt;
  const succeeded = concluded && run.outcome === 'success';
  const failed = concluded && run.outcome === 'fail';
  const outputs: Record<string, unknown> = {
    id: run.id,
    runName: run.runName,
    status: !concluded ? 'RUNNING' : succeeded ? 'SUCCESS' : 'FAILED',
    concluded,
    active: concluded ? 0 : 1,
    succeeded: succeeded ? 1 : 0,
    failed: failed ? 1 : 0,
    completions: concluded ? 1 : 0,
    backoffLimit: 0,
    startedAt: iso(run.startedAt),
  };
  if (concluded) outputs.concludedAt = iso(run.concludesAt);
  return outputs;
}

export function backupStatus(backup: BackupRecord, now: number): 'in-progress' | 'completed' | 'failed' {
  return now < backup.completesAt ? 'in-progress' : backup.outcome === 'success' ? 'completed' : 'failed';
}

export function backupOutputs(backup: BackupRecord, now: number): Record<string, unknown> {
  const status = backupStatus(backup, now);
  const outputs: Record<string, unknown> = {
    id: backup.id,
    addonId: backup.addonId,
    name: backup.name,
    status,
    createdAt: iso(backup.createdAt),
    config: { source: { type: backup.backupType === 'dump' ? 'liveInstance' : 'snapshot' }, size: String(backup.size), addonVersion: backup.addonVersion },
  };
  if (status !== 'in-progress') outputs.completedAt = iso(backup.completesAt);
  return outputs;
}

export function deploymentStatus(deployment: DeploymentRecord, now: number, notRunningUntil = 0): 'deploying' | 'running' | 'failed' {
  if (deployment.failsAt !== undefined && now >= deployment.failsAt) return 'failed';
  return now >= Math.max(deployment.runningAt, notRunningUntil) && deployment.failsAt === undefined ? 'running' : 'deploying';
}

/** The target's deployment, shaped like the get-deployment responses. */
export function deploymentOutputs(deployment: DeploymentRecord, project: string): Record<string, unknown> {
  const outputs: Record<string, unknown> = {
    region: 'simulated',
    instances: 1,
    docker: { configType: 'default' },
    storage: { ephemeralStorage: { storageSize: 1024 }, shmSize: 64 },
  };
  if (deployment.internal) outputs.internal = { appId: `/${project}/${deployment.internal.nfObjectId}`, ...deployment.internal };
  if (deployment.external) outputs.external = { ...deployment.external };
  return outputs;
}

export function registryProvider(imagePath: string): string {
  const host = imagePath.split('/')[0] ?? '';
  if (!host.includes('.') && !host.includes(':')) return 'dockerhub';
  if (host === 'ghcr.io') return 'github';
  if (host.endsWith('.amazonaws.com')) return 'ecr';
  if (host.endsWith('gcr.io') || host.endsWith('pkg.dev')) return 'gcr';
  if (host.endsWith('azurecr.io')) return 'azure';
  if (host.includes('gitlab')) return 'gitlab';
  return 'custom';
}

export interface StageResources {
  stage: string;
  services: string[];
  jobs: string[];
  addons: string[];
}

/** What the stage runs at `now`: every known service and job with its deployment, every addon. */
export function stageState(
  world: World,
  resources: StageResources,
  now: number,
  addonState: (id: string) => AddonState,
  notRunningUntil: (type: string, id: string) => number,
): StageState {
  const deployed = world.deployments[resources.stage] ?? {};
  const keys = new Set<string>([...resources.services.map((id) => resourceKey('service', id)), ...resources.jobs.map((id) => resourceKey('job', id)), ...Object.keys(deployed)]);
  // Services first, then jobs, each by id: the order a pipeline view lists them in.
  const order = (key: string): string => `${key.startsWith('service:') ? 0 : 1}${key}`;
  const states: DeploymentState[] = [...keys].sort((a, b) => order(a).localeCompare(order(b))).map((key) => {
    const [type, ...rest] = key.split(':');
    const id = rest.join(':');
    const record = deployed[key];
    const state: DeploymentState = { type: type === 'job' ? 'job' : 'service', id };
    if (record) {
      state.deployment = {
        releasedAt: iso(record.releasedAt),
        runId: record.runId,
        status: deploymentStatus(record, now, notRunningUntil(state.type, id)),
      };
      if (record.internal) {
        const { nfObjectId, branch, buildId, buildSHA, deployedSHA } = record.internal;
        state.deployment.internal = { nfObjectId, branch, buildId, buildSHA, deployedSHA };
      }
      if (record.external) state.deployment.external = { imagePath: record.external.imagePath };
      if (record.assumed) state.deployment.assumed = true;
    }
    return state;
  });
  return { stage: resources.stage, resources: states, addons: [...resources.addons].sort().map(addonState) };
}
