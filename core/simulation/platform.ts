/**
 * The simulated platform: what each node kind does to the world, and what the
 * API answers. Build services build real commits of the local repository;
 * releases change what a stage's services and jobs run. Job runs, backups,
 * imports and actions are in workloads.ts, conditions in conditions.ts; they
 * reach the platform through the PlatformAccess interface (access.ts).
 */
import type { NodeError, StageState } from '../runs/events';
import type { Clock, IdGenerator } from '../runs/clock';
import { GitError, type GitProvider } from '../git/repository';
import type { PipelineDescription, PipelineStage } from '../pipeline/description';
import { durationFor, type OutcomeStep, type Scenario } from './scenario';
import {
  buildOutputs, deploymentOutputs, deploymentStatus, registryProvider, resourceKey, stageState, type BuildRecord, type DeploymentRecord, type World, type WorldStore,
} from './world';
import { conditionOperation } from './conditions';
import { action, backup, jobRun } from './workloads';
import { concludesAt, PlatformError, type Operation } from './operation';
import type { NodeRef, PlatformAccess, ResourceType } from './access';


export interface PlatformOptions {
  world: WorldStore;
  /** Undefined outside a Git repository: Build nodes then fail with a clear message. */
  git: GitProvider | undefined;
  clock: Clock;
  ids: IdGenerator;
  scenario: Scenario;
  /** Stages and their resources, from .northflank/pipeline.json or inferred from the flow. */
  pipeline: PipelineDescription;
  stage: string;
  /** True when the pipeline came from a file: resources outside the stage are refused, as on the platform. */
  strictResources: boolean;
  runId: string;
  note(node: number | undefined, message: string): void;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const DEFAULT_ADDON_VERSION = '1.0.0';

export class SimulatedPlatform implements PlatformAccess {
  readonly stage: PipelineStage;
  readonly previous: PipelineStage | undefined;
  private runStart = 0;
  private repository: string | undefined;
  private readonly listeners = new Set<() => void>();
  /** ciBuild requests in progress, by build service and branch. */
  private readonly ciBuilds = new Map<string, Promise<BuildRecord>>();

  constructor(readonly options: PlatformOptions) {
    const index = options.pipeline.stages.findIndex((s) => s.name.toLowerCase() === options.stage.toLowerCase());
    const stage = options.pipeline.stages[index];
    if (!stage) throw new PlatformError('unknown-stage', `The pipeline has no stage '${options.stage}'; it has ${options.pipeline.stages.map((s) => s.name).join(', ')}.`, false);
    this.stage = stage;
    this.previous = index > 0 ? options.pipeline.stages[index - 1] : undefined;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get ids(): IdGenerator {
    return this.options.ids;
  }

  get scenario(): Scenario {
    return this.options.scenario;
  }

  /**
   * Marks the start of the run (scripted "not running for" times count from here),
   * seeds scripted deployments, and says which resources are assumed to run.
   */
  async begin(): Promise<void> {
    this.runStart = this.clock.now();
    for (const [key, script] of Object.entries(this.options.scenario.resources)) {
      if (!script.deployed) continue;
      const [type, ...rest] = key.split(':');
      const id = rest.join(':');
      const stage = this.stageOf(type as 'service' | 'job', id);
      const world = await this.options.world.read();
      if (world.deployments[stage]?.[key]) continue;
      const deployed = script.deployed;
      const record: DeploymentRecord = 'imagePath' in deployed
        ? { type: type as 'service' | 'job', id, external: this.external(deployed.imagePath, false), releasedAt: this.runStart, runningAt: this.runStart }
        : { type: type as 'service' | 'job', id, internal: await this.internal(await this.ciBuild(deployed.builder, deployed.branch, undefined)), releasedAt: this.runStart, runningAt: this.runStart };
      await this.change((w) => ((w.deployments[stage] ??= {})[key] = record));
      this.options.note(undefined, `${key} in ${stage} starts with ${'imagePath' in deployed ? deployed.imagePath : `the newest commit of ${deployed.branch} built by ${deployed.builder}`} (from the scenario).`);
    }
    const world = await this.read();
    for (const stage of [this.previous, this.stage]) {
      if (!stage) continue;
      const assumed = stage.resources
        .filter((r): r is typeof r & { type: 'service' | 'job' } => r.type !== 'addon')
        .filter((r) => !world.deployments[stage.name]?.[resourceKey(r.type, r.id)] && this.options.scenario.resources[resourceKey(r.type, r.id)]?.deployed !== false)
        .map((r) => resourceKey(r.type, r.id));
      if (assumed.length > 0) {
        this.options.note(undefined,
          `Assumed to exist and run in ${stage.name}, as on the platform, though this simulation released nothing to them yet: ${assumed.join(', ')} (marked "assumed" in the stage state; a scenario's "resources": { "<type>:<id>": { "deployed": false } } says otherwise).`);
      }
    }
  }

  /** What a service or job runs: its record, else, for a resource the pipeline (or the flow) names, an assumed running deployment. */
  async deploymentOf(type: 'service' | 'job', id: string, stageName: string = this.stage.name): Promise<DeploymentRecord | undefined> {
    const key = resourceKey(type, id);
    const record = (await this.read()).deployments[stageName]?.[key];
    if (record) return record;
    return this.assumedDeployment(type, id, stageName);
  }

  private assumedDeployment(type: 'service' | 'job', id: string, stageName: string): DeploymentRecord | undefined {
    if (this.options.scenario.resources[resourceKey(type, id)]?.deployed === false) return undefined;
    const stage = this.options.pipeline.stages.find((s) => s.name === stageName);
    if (!stage?.resources.some((r) => r.type === type && r.id === id)) return undefined;
    return { type, id, releasedAt: this.runStart, runningAt: this.runStart, assumed: true };
  }

  /** Calls `listener` whenever this platform changes the world, so that waiting conditions look again. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async change<T>(update: (world: World) => T): Promise<T> {
    const result = await this.options.world.update(update);
    for (const listener of [...this.listeners]) listener();
    return result;
  }

  read(): Promise<World> {
    return this.options.world.read();
  }

  /** Earliest time a scripted resource runs (0 when not scripted; Infinity when it never runs). */
  notRunningUntil(type: string, id: string): number {
    const ms = this.options.scenario.resources[resourceKey(type, id)]?.notRunningForMs;
    return ms === undefined ? 0 : this.runStart + ms;
  }

  addonVersion(id: string): string {
    return this.options.scenario.resources[resourceKey('addon', id)]?.version ?? DEFAULT_ADDON_VERSION;
  }

  /**
   * What the stage runs at `at` (default now), assumed deployments included.
   * `settled`: as of when the rollouts this run started end (never before now),
   * so that a run that released without waiting records where it left the stage.
   */
  async stageState(settled = false): Promise<StageState> {
    const stored = await this.read();
    const ownDeployments = Object.values(stored.deployments[this.stage.name] ?? {}).filter((d) => d.runId === this.options.runId);
    const ends = ownDeployments.map((d) => Math.max(d.failsAt ?? d.runningAt, this.notRunningUntil(d.type, d.id))).filter((t) => Number.isFinite(t));
    const now = Math.max(this.clock.now(), ...(settled ? ends : []));
    if (now > this.clock.now()) this.options.note(undefined, `The stage state is recorded as of ${new Date(now).toISOString()}, when the rollouts this run started end.`);
    const assumed: Record<string, DeploymentRecord> = {};
    for (const r of this.stage.resources) {
      if (r.type === 'addon') continue;
      const record = this.assumedDeployment(r.type, r.id, this.stage.name);
      if (record) assumed[resourceKey(r.type, r.id)] = record;
    }
    const world = { ...stored, deployments: { ...stored.deployments, [this.stage.name]: { ...assumed, ...stored.deployments[this.stage.name] } } };
    const of = (type: string): string[] => this.stage.resources.filter((r) => r.type === type).map((r) => r.id);
    return stageState(world, { stage: this.stage.name, services: of('service'), jobs: of('job'), addons: of('addon') }, now, (id) => {
      const latest = world.backups.filter((b) => b.addonId === id && b.outcome === 'success' && b.completesAt <= now).pop();
      const state = { id, version: this.addonVersion(id), running: now >= this.notRunningUntil('addon', id) };
      return latest ? { ...state, latestBackupId: latest.id } : state;
    }, (type, id) => this.notRunningUntil(type, id));
  }

  /** Performs one attempt of a node whose fields are resolved. Throws PlatformError. */
  async perform(node: NodeRef, resolved: Json, outcome: OutcomeStep): Promise<Operation> {
    const spec = obj(resolved.spec);
    const fails = outcome.result === 'fail';
    const failure = (what: string): NodeError => ({ code: 'operation-failed', message: outcome.message ?? `${what} (scripted by the scenario).` });
    switch (node.kind) {
      case 'Build': return this.build(node, spec, outcome);
      case 'Release': return this.release(node, spec, outcome);
      case 'JobRun': return jobRun(this, node, spec, outcome);
      case 'AddonBackup': case 'AddonImport': return backup(this, node, spec, outcome);
      case 'Condition': return conditionOperation(this, spec, outcome);
      case 'Action': return action(this, node, spec, outcome);
      case 'Message': {
        const inner = obj(spec.spec);
        const text = str(inner.message) ?? '';
        this.options.note(node.index, `${str(spec.kind) ?? 'Message'} message (simulated, not sent): ${text}`);
        return this.timed(node, {}, fails ? failure('Sending the message failed') : undefined);
      }
      case 'RunTemplate': {
        const templateId = str(spec.templateId) ?? 'template';
        const at = this.clock.now();
        const outputs = { id: this.options.ids.uuid(), templateId, status: 'running', concluded: false, createdAt: new Date(at).toISOString(), updatedAt: new Date(at).toISOString() };
        const done = at + durationFor(this.options.scenario, node.kind, node.ref);
        const concluded = { ...outputs, status: fails ? 'failure' : 'success', concluded: true };
        return { outputs, watch: concludesAt(this.clock, done, () => concluded, fails ? failure(`Template ${templateId} failed`).message : undefined) };
      }
      case 'RolloutStrategy':
        return this.immediate({ id: this.options.ids.name(), name: spec.name, type: spec.type, options: spec.options, details: spec.details }, fails ? failure('Creating the rollout strategy failed') : undefined);
      case 'SecretInheritance': case 'LoopData':
        return this.immediate({}, fails ? failure(`${node.kind} failed`) : undefined);
      default:
        throw new PlatformError('unsupported-node', `${node.kind} nodes are not simulated by the local runner.`, false);
    }
  }

  private immediate(outputs: unknown, error: NodeError | undefined): Operation {
    return error ? { outputs, mustWait: true, watch: async () => ({ done: true, ok: false, error }) } : { outputs };
  }

  /** An operation that takes the node's duration and then ends as scripted; the node works until then. */
  timed(node: NodeRef, outputs: unknown, error: NodeError | undefined): Operation {
    const done = this.clock.now() + durationFor(this.options.scenario, node.kind, node.ref);
    return { outputs, mustWait: true, working: true, watch: concludesAt(this.clock, done, () => outputs, error?.message) };
  }

  private git(): GitProvider {
    if (!this.options.git) throw new PlatformError('no-repo', 'The flow is not inside a Git repository, so there is nothing to build: run it from a repository.', false);
    return this.options.git;
  }

  private async gitCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GitError) throw new PlatformError(`git-${error.code}`, error.message, false);
      throw error;
    }
  }

  private async repositoryUrl(): Promise<string> {
    if (this.repository === undefined) {
      const git = this.git();
      this.repository = (await this.gitCall(() => git.remoteUrl())) ?? `file://${await this.gitCall(() => git.root())}`;
    }
    return this.repository;
  }

  private async build(node: NodeRef, spec: Json, outcome: OutcomeStep): Promise<Operation> {
    const builder = str(spec.id);
    if (!builder) throw new PlatformError('invalid-spec', 'The Build node has no spec.id (the build service or job to build).', false);
    const type = spec.type === 'job' ? 'job' : 'service';
    const git = this.git();
    let branch = str(spec.branch) ?? null;
    let sha: string;
    if (str(spec.sha)) {
      sha = (await this.gitCall(() => git.commit(spec.sha as string))).sha;
    } else if (branch !== null) {
      sha = (await this.gitCall(() => git.branchHead(branch as string))).sha;
    } else if (spec.pullRequestId !== undefined) {
      throw new PlatformError('unsupported', 'Pull request builds are not simulated: give the Build node a branch or a sha.', false);
    } else {
      throw new PlatformError('invalid-spec', `The Build node of ${builder} has neither a branch nor a sha.`, false);
    }
    const now = this.clock.now();
    const reuse = spec.reuseExistingBuilds !== false;
    const world = await this.read();
    const existing = reuse ? [...world.builds].reverse().find((b) => b.builder === builder && b.sha === sha && !(b.concludesAt <= now && b.outcome === 'fail')) : undefined;
    let build: BuildRecord;
    if (existing) {
      build = existing;
      this.options.note(node.index, `Reused build ${existing.id} of ${sha.slice(0, 7)} (reuseExistingBuilds).`);
    } else {
      build = { id: this.options.ids.name(), builder, type, branch, sha, createdAt: now, concludesAt: now + durationFor(this.options.scenario, node.kind, node.ref), outcome: outcome.result === 'fail' ? 'fail' : 'success', runId: this.options.runId };
      if (outcome.message !== undefined) build.message = outcome.message;
      const created = build;
      await this.change((w) => w.builds.push(created));
    }
    branch = build.branch;
    return {
      outputs: buildOutputs(build, now),
      watch: concludesAt(this.clock, build.concludesAt, (at) => buildOutputs(build, at),
        build.outcome === 'success' ? undefined : build.message ?? `Build ${build.id} of ${builder} (${build.sha.slice(0, 7)}) failed (scripted by the scenario).`),
    };
  }

  /**
   * A successful build of the newest commit of `branch`, as the build service's CI would have made on push.
   * Requests made at the same time (parallel Releases of `latest`) share one: the service builds a commit once.
   */
  ciBuild(builder: string, branch: string, node: number | undefined): Promise<BuildRecord> {
    const key = `${builder}\u0000${branch}`;
    const pending = this.ciBuilds.get(key);
    if (pending) return pending;
    const started = this.findOrMakeCiBuild(builder, branch, node).finally(() => this.ciBuilds.delete(key));
    this.ciBuilds.set(key, started);
    return started;
  }

  private async findOrMakeCiBuild(builder: string, branch: string, node: number | undefined): Promise<BuildRecord> {
    const git = this.git();
    const { sha } = await this.gitCall(() => git.branchHead(branch));
    const now = this.clock.now();
    const world = await this.read();
    const found = [...world.builds].reverse().find((b) => b.builder === builder && b.sha === sha && b.outcome === 'success' && b.concludesAt <= now);
    if (found) return found;
    const build: BuildRecord = { id: this.options.ids.name(), builder, type: 'service', branch, sha, createdAt: now, concludesAt: now, outcome: 'success', message: 'Built on push by the build service (simulated)', runId: this.options.runId };
    await this.change((w) => w.builds.push(build));
    this.options.note(node, `No build of ${branch} (${sha.slice(0, 7)}) existed in ${builder}; assumed its CI built it on push: ${build.id}.`);
    return build;
  }

  async internal(build: BuildRecord): Promise<NonNullable<DeploymentRecord['internal']>> {
    return { nfObjectId: build.builder, nfObjectType: build.type, repository: await this.repositoryUrl(), branch: build.branch ?? '', buildId: build.id, buildSHA: build.sha, deployedSHA: build.sha };
  }

  private external(imagePath: string, privateImage: boolean): NonNullable<DeploymentRecord['external']> {
    return { imagePath, registryProvider: registryProvider(imagePath), privateImage };
  }

  /** The stage a resource belongs to: the pipeline's, else this run's stage. */
  stageOf(type: ResourceType, id: string): string {
    const found = this.options.pipeline.stages.find((s) => s.resources.some((r) => r.id === id && r.type === type));
    return found?.name ?? this.stage.name;
  }

  /** Refuses a resource outside `stage` when the pipeline is known, as the platform does. */
  checkInStage(type: ResourceType, id: string, stage: PipelineStage | undefined = this.stage, role = 'target'): void {
    if (!this.options.strictResources) return;
    if (!stage) throw new PlatformError('no-previous-stage', `${this.stage.name} is the first stage of the pipeline: there is no previous stage to promote ${type} ${id} from.`, false);
    if (stage.resources.some((r) => r.id === id && r.type === type)) return;
    const available = stage.resources.filter((r) => r.type === type).map((r) => r.id);
    throw new PlatformError('not-in-stage', `The ${role} ${type} '${id}' is not in the ${stage.name} stage of the pipeline (${type}s there: ${available.join(', ') || 'none'}).`, false);
  }

  private async release(node: NodeRef, spec: Json, outcome: OutcomeStep): Promise<Operation> {
    const target = obj(spec.target);
    const targetId = str(target.id);
    const targetType = target.type === 'job' ? 'job' : 'service';
    if (!targetId) throw new PlatformError('invalid-spec', 'The Release node has no spec.target.id.', false);
    this.checkInStage(targetType, targetId);
    const origin = obj(spec.origin);
    const now = this.clock.now();
    let image: Pick<DeploymentRecord, 'internal' | 'external'>;
    let assumedImage = false;
    switch (spec.type) {
      case 'build': {
        const buildId = str(origin.build);
        // Without an id, a build id names its service: the documentation's BranchCommitSelector example deploys
        // `build: ${refs.start-build.id}` with only a branch beside it.
        const named = buildId === undefined || buildId === 'latest' ? undefined : (await this.read()).builds.find((b) => b.id === buildId);
        const builder = str(origin.id) ?? named?.builder;
        if (!builder) {
          throw new PlatformError('invalid-spec', buildId === undefined || buildId === 'latest'
            ? 'The Release node has no spec.origin.id (the build service), and no spec.origin.build that would identify it.'
            : `The Release node has no spec.origin.id (the build service), and no build '${buildId}' exists to identify it.`, false);
        }
        let build: BuildRecord | undefined;
        if (buildId === undefined || buildId === 'latest') {
          const branch = str(origin.branch);
          if (!branch) throw new PlatformError('invalid-spec', `Deploying the latest build of ${builder} needs spec.origin.branch.`, false);
          build = await this.ciBuild(builder, branch, node.index);
        } else {
          build = (await this.read()).builds.find((b) => b.id === buildId && b.builder === builder);
          if (!build) throw new PlatformError('unknown-build', `Build '${buildId}' does not exist in build service ${builder}.`, false);
          if (now < build.concludesAt || build.outcome !== 'success') {
            throw new PlatformError('build-not-ready', `Build ${buildId} of ${builder} is ${String(buildOutputs(build, now).status)}; only a successful build can be deployed.`, true);
          }
        }
        image = { internal: await this.internal(build) };
        break;
      }
      case 'registry': {
        const imagePath = str(origin.imagePath);
        if (!imagePath) throw new PlatformError('invalid-spec', 'The registry Release node has no spec.origin.imagePath.', false);
        image = { external: this.external(imagePath, str(origin.credentials) !== undefined) };
        break;
      }
      case 'deployment': {
        const originId = str(origin.id);
        const originType = origin.type === 'job' ? 'job' : 'service';
        if (!originId) throw new PlatformError('invalid-spec', 'The promotion has no spec.origin.id.', false);
        this.checkInStage(originType, originId, this.previous, 'origin');
        const from = this.previous?.name ?? this.stageOf(originType, originId);
        const source = await this.deploymentOf(originType, originId, from);
        if (!source) {
          throw new PlatformError('nothing-deployed', `Nothing is deployed on ${originType} ${originId} in ${from}, so there is nothing to promote: run the ${from} flow first, or give it a deployment in the scenario's resources ("${originType}:${originId}": { "deployed": ... }).`, false);
        }
        if (source.assumed && !source.internal && !source.external) {
          this.options.note(node.index, `${originType} ${originId} in ${from} is assumed to run an image this simulation does not know; ${targetType} ${targetId} now runs that same (assumed) image.`);
        }
        image = source.internal ? { internal: { ...source.internal } } : source.external ? { external: { ...source.external } } : {};
        if (source.assumed) assumedImage = true;
        break;
      }
      default:
        throw new PlatformError('invalid-spec', `Release type ${JSON.stringify(spec.type)} is not build, registry or deployment.`, false);
    }
    const rollout = durationFor(this.options.scenario, node.kind, node.ref);
    const record: DeploymentRecord = { type: targetType, id: targetId, ...image, releasedAt: now, runningAt: now + rollout, runId: this.options.runId };
    if (assumedImage) record.assumed = true;
    if (outcome.result === 'fail') record.failsAt = now + rollout;
    await this.change((w) => ((w.deployments[this.stage.name] ??= {})[resourceKey(targetType, targetId)] = record));
    const outputs = deploymentOutputs(record, 'local');
    return {
      outputs,
      watch: async () => {
        const at = this.clock.now();
        const status = deploymentStatus(record, at, this.notRunningUntil(targetType, targetId));
        if (status === 'running') return { done: true, ok: true, outputs };
        if (status === 'failed') return { done: true, ok: false, outputs, error: { code: 'operation-failed', message: outcome.message ?? `The rollout of ${targetType} ${targetId} failed: it never reached running (scripted by the scenario).` } };
        const nextAt = Math.max(record.runningAt, this.notRunningUntil(targetType, targetId));
        return nextAt === Infinity ? { done: false, nextAt, why: `the scenario says ${targetType} ${targetId} never runs` } : { done: false, nextAt };
      },
    };
  }

}
