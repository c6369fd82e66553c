/** Fixtures of the runner tests: temporary Git repositories, flows, and runs under virtual time. */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import type { NodeStatus, RunEvent, RunnerEvent } from '../../core/runs/events';
import type { GitProvider } from '../../core/git/repository';
import { instantScenario, parseScenario, type Scenario } from '../../core/simulation/scenario';
import { runFlow, type RunEnvironment, type RunOutcome, type RunRequest } from '../../core/runner/session';
import type { RunStore } from '../../core/runs/store';
import { MemoryWorld, type WorldStore } from '../../core/simulation/world';

export const repoRoot = path.join(__dirname, '../../..');
export const examplesDir = path.join(repoRoot, 'examples');

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A real repository with `files` committed on branch `main`; returns its folder. */
export async function tempRepo(files: Record<string, string> = { 'README.md': '# app\n' }, branch = 'main'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-repo-')));
  git(dir, 'init', '-q', '-b', branch);
  await writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial commit');
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
}

export async function commit(dir: string, files: Record<string, string>, message: string): Promise<string> {
  await writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

/** A flow document whose root is a workflow of `type` with `steps`. */
export function flow(steps: unknown[], extra: Record<string, unknown> = {}, type: 'sequential' | 'parallel' = 'sequential'): string {
  return JSON.stringify({ apiVersion: 'v1.2', ...extra, spec: { kind: 'Workflow', spec: { type, steps } } }, null, 2) + '\n';
}

export const workflow = (type: 'sequential' | 'parallel', steps: unknown[], more: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'Workflow', ...more, spec: { type, steps } });
export const message = (ref: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'Message', ref, spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: `${ref} done` } }, ...more });
export const registryRelease = (ref: string, target: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'Release', ref, spec: { type: 'registry', origin: { imagePath: `nginx:1.27` }, target: { id: target, type: 'service' } }, ...more,
});

/** A scenario from JSON, failing the test when it does not parse. */
export function scenario(json: Record<string, unknown>): Scenario {
  const { scenario: parsed, errors } = parseScenario(JSON.stringify(json));
  if (!parsed) throw new Error(errors.join('\n'));
  return parsed;
}

/** Every `durations` entry zero except those given. */
export function timed(durations: Record<string, string>, extra: Record<string, unknown> = {}): Scenario {
  const base = instantScenario();
  const custom = scenario({ durations, ...extra });
  return { ...custom, durations: { ...base.durations, ...Object.fromEntries(Object.entries(custom.durations).filter(([key]) => key in durations)) } };
}

export interface VirtualRun {
  outcome: RunOutcome;
  events: RunnerEvent[];
  clock: VirtualClock;
  /** Status changes of a node by ref, in order. */
  statuses(ref: string): NodeStatus[];
  /** The node's last status event. */
  last(ref: string): Extract<RunEvent, { type: 'node-status' }>;
  /** When (ms after the run started) the node reached a status. */
  at(ref: string, status: NodeStatus): number;
}

export interface VirtualOptions extends Partial<Omit<RunRequest, 'flowText' | 'onEvent'>> {
  git?: GitProvider;
  store?: RunStore;
  world?: WorldStore;
  clock?: VirtualClock;
  ids?: SeededIds;
  onEvent?: (event: RunnerEvent, clock: VirtualClock) => void;
}

/** Runs `text` under virtual time: instant and the same every time. */
export async function runVirtual(text: string, options: VirtualOptions = {}): Promise<VirtualRun> {
  const clock = options.clock ?? new VirtualClock();
  const env: RunEnvironment = { clock, ids: options.ids ?? new SeededIds(1), git: options.git, store: options.store };
  // With a store the platform lives in its state folder, as in the CLI; otherwise in memory.
  const world = options.world ?? (options.store ? undefined : new MemoryWorld());
  if (world) env.world = world;
  const events: RunnerEvent[] = [];
  const { git: _git, store: _store, world: _world, clock: _clock, ids: _ids, onEvent, ...request } = options;
  const outcome = await runFlow(
    {
      flowFile: options.flowFile ?? '/virtual/release-development.json',
      scenario: options.scenario ?? instantScenario(),
      ...request,
      flowText: text,
      onEvent: (event) => {
        events.push(event);
        onEvent?.(event, clock);
      },
    },
    env,
  );
  const nodeEvents = (ref: string): Extract<RunEvent, { type: 'node-status' }>[] =>
    events.filter((e): e is Extract<RunEvent, { type: 'node-status' }> => e.type === 'node-status' && e.ref === ref);
  const started = events.find((e) => e.type === 'run-started');
  const start = started ? Date.parse(started.at) : 0;
  return {
    outcome,
    events,
    clock,
    statuses: (ref) => nodeEvents(ref).map((e) => e.status),
    last: (ref) => {
      const list = nodeEvents(ref);
      if (list.length === 0) throw new Error(`no status event for ${ref}`);
      return list[list.length - 1] as Extract<RunEvent, { type: 'node-status' }>;
    },
    at: (ref, status) => {
      const found = nodeEvents(ref).find((e) => e.status === status);
      if (!found) throw new Error(`${ref} never reached ${status}`);
      return Date.parse(found.at) - start;
    },
  };
}

export function finishedStatus(run: VirtualRun): string {
  return run.outcome.result === 'finished' ? run.outcome.status : run.outcome.result;
}
