/**
 * The scheduler: runs the `spec` tree of a flow against the simulated
 * platform and reports every status change as an event.
 *
 * - Sequential workflows start a step once the previous one succeeded;
 *   parallel workflows start all steps together. Workflows nest.
 * - A failed node fails its workflow and the run. From then on nothing new
 *   starts: later sequential steps stay `pending`. Parallel siblings already
 *   running are left to finish (the platform does not say otherwise, and a
 *   deployment half-observed is worse than a late failure); a workflow cut
 *   short this way ends `aborted`.
 * - `skipNodeExecution` true skips the node and everything inside it.
 * - A failed attempt is retried (status `retrying`) up to 3 attempts, after
 *   the scenario's retry delay; an expression that cannot be resolved, a wait
 *   that timed out and a Condition on something that already failed are final.
 * - `condition` (and Condition/Approval nodes) make the node `waiting` until
 *   the operation concludes or the timeout passes (default: the platform's
 *   maximum, 14400 s).
 * - Aborting stops every sleep at once: running and waiting nodes end
 *   `aborted`, pending ones stay `pending`.
 */
import { propertyNode } from '../document/parse';
import type { FlowModel, FlowNode } from '../document/model';
import { AbortError, iso, isAbortError, type Clock, type IdGenerator } from '../runs/clock';
import { readPath, evaluateTemplate, EvaluationError, type Lookup, type Scope } from '../expressions/evaluate';
import type { NodeError, NodeRetries, NodeSettings, NodeStatus, RunEvent, RunNodeInfo, TriggerValues } from '../runs/events';
import { callFunction } from '../expressions/functions';
import { describeTarget, pathText, readSkip, readTimeout, resolveJson, siteIndex, targetIds, type SiteIndex } from './nodeSpec';
import { PlatformError, type WatchState } from '../simulation/operation';
import type { SimulatedPlatform } from '../simulation/platform';
import { durationFor, OutcomeBook, type Scenario } from '../simulation/scenario';
import type { SecretBook } from '../runs/secrets';
import type { RunOverrides } from '../runs/overrides';
import { applyOverrides } from './overrides';
import type { ApprovalDecision, ApprovalGate } from './approvals';

export const MAX_ATTEMPTS = 3;
/** The longest wait the platform allows (timeoutDuration maximum), used when a wait names no timeout. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 14400;

export interface ExecutorOptions {
  runId: string;
  model: FlowModel;
  /** Identifies the flow in randomSecret keys: the flow's path in its repository. */
  flowKey: string;
  platform: SimulatedPlatform;
  clock: Clock;
  ids: IdGenerator;
  scenario: Scenario;
  args: ReadonlyMap<string, unknown>;
  triggers: ReadonlyMap<string, TriggerValues>;
  secrets: SecretBook;
  signal: AbortSignal;
  emit(event: RunEvent): void;
  /** The run request's overrides, applied to each node's resolved spec (core/runner/overrides.ts). */
  overrides?: RunOverrides;
  /** Decides Approval nodes the scenario does not script. */
  approvals?: ApprovalGate;
}

export interface ExecutionResult {
  status: 'success' | 'failure' | 'aborted';
  error?: string;
}

type Result = 'success' | 'failure' | 'skipped' | 'aborted' | 'not-started';

class NodeFailure extends Error {
  constructor(
    readonly error: NodeError,
    readonly retryable: boolean,
  ) {
    super(error.message);
  }
}

/** The nodes a run shows: the `spec` tree, in document order; `settings` go to the nodes that are retried (not workflows). */
export function runNodes(model: FlowModel, settings?: NodeSettings): RunNodeInfo[] {
  return model.nodes
    .filter((node) => node.tree === 'spec')
    .map((node) => {
      const info: RunNodeInfo = { index: node.index, parent: node.parent?.index, kind: node.kind ?? 'unknown', ref: node.ref, path: pathText(node.path), depth: node.depth };
      if (node.workflowType) info.workflowType = node.workflowType;
      const target = describeTarget(node);
      if (target !== undefined) info.target = target;
      if (settings !== undefined && !isWorkflow(node)) info.settings = settings;
      return info;
    });
}

const isWorkflow = (node: FlowNode): boolean => node.kind === 'Workflow' || node.kind === 'LoopWorkflow';

/** The retry settings of a local run, in the run details' shape. */
export function retrySettings(scenario: Scenario): NodeSettings {
  return { maxAttempts: MAX_ATTEMPTS, backoff: { type: 'fixed', delay: scenario.retryDelayMs / 1000 } };
}

const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
/** A span in whole seconds, rounded up: a wait of 0.2 s more is not "0 s". */
const wholeSeconds = (ms: number): number => Math.ceil(ms / 1000);

export async function executeFlow(options: ExecutorOptions): Promise<ExecutionResult> {
  return new Execution(options).run();
}

class Execution {
  private readonly status: NodeStatus[] = [];
  private readonly outputs: unknown[] = [];
  private readonly sites: SiteIndex;
  private readonly outcomes: OutcomeBook;
  private firstFailure: string | undefined;
  /** When each node's latest attempt started (ms), for `retries.timestamp`. */
  private readonly attemptStarts: number[] = [];
  /** Leaf nodes between their start and their end (running, waiting or between attempts). */
  private activeLeaves = 0;
  /** Wakers of the waits that only a change of the platform can end. */
  private readonly stuck = new Set<() => void>();

  constructor(private readonly o: ExecutorOptions) {
    this.sites = siteIndex(o.model);
    this.outcomes = new OutcomeBook(o.scenario);
  }

  async run(): Promise<ExecutionResult> {
    const root = this.o.model.rootNode;
    if (!root) return { status: 'failure', error: 'The flow has no spec to run.' };
    const result = await this.runNode(root);
    if (this.o.signal.aborted) return { status: 'aborted', error: 'The run was aborted.' };
    if (result === 'success' || result === 'skipped') return { status: 'success' };
    return { status: 'failure', error: this.firstFailure ?? 'The run failed.' };
  }

  private label(node: FlowNode): string {
    return node.ref ?? `${node.kind ?? 'node'} at ${pathText(node.path)}`;
  }

  private set(node: FlowNode, status: NodeStatus, attempt: number, extra: { error?: NodeError; outputs?: unknown; request?: unknown } = {}): void {
    this.status[node.index] = status;
    const secrets = this.o.secrets;
    const event: RunEvent = { type: 'node-status', runId: this.o.runId, at: iso(this.o.clock.now()), node: node.index, ref: node.ref, kind: node.kind ?? 'unknown', status, attempt };
    if (extra.error) event.error = secrets.mask(extra.error);
    if (extra.outputs !== undefined) event.outputs = secrets.mask(extra.outputs);
    if (extra.request !== undefined) event.request = secrets.mask(extra.request);
    if (attempt > 0) event.retries = this.retries(node, status, attempt);
    this.o.emit(event);
  }

  /** `response.retries` as the platform reports it: while retrying, the attempts made so far and when the next one starts. */
  private retries(node: FlowNode, status: NodeStatus, attempt: number): NodeRetries {
    const now = this.o.clock.now();
    const started = this.attemptStarts[node.index] ?? now;
    if (status !== 'retrying') return { attempts: attempt, maxAttempts: MAX_ATTEMPTS, timestamp: epochSeconds(started) };
    return { attempts: attempt - 1, maxAttempts: MAX_ATTEMPTS, timestamp: epochSeconds(started), nextAttempt: epochSeconds(now + this.o.scenario.retryDelayMs) };
  }

  private note(node: FlowNode | undefined, message: string): void {
    const event: RunEvent = { type: 'note', runId: this.o.runId, at: iso(this.o.clock.now()), message: this.o.secrets.maskText(message) };
    if (node) event.node = node.index;
    this.o.emit(event);
  }

  private async runNode(node: FlowNode): Promise<Result> {
    if (this.o.signal.aborted || this.firstFailure !== undefined) return 'not-started';
    let skip: boolean | string;
    try {
      skip = this.skipValue(node);
    } catch (error) {
      return this.fail(node, 1, { code: (error as EvaluationError).code ?? 'evaluation-error', message: `skipNodeExecution: ${(error as Error).message}` });
    }
    if (typeof skip === 'string') return this.fail(node, 1, { code: 'invalid-skip', message: skip });
    if (skip) {
      for (let i = node.index; i <= node.lastDescendant; i++) this.set(this.o.model.nodes[i] as FlowNode, 'skipped', 0);
      return 'skipped';
    }
    if (node.kind === 'Workflow' || node.kind === 'LoopWorkflow') return this.runWorkflow(node);
    return this.runLeaf(node);
  }

  private skipValue(node: FlowNode): boolean | string {
    const json = propertyNode(node.json, 'skipNodeExecution');
    if (!json) return false;
    const site = this.sites.get(json);
    return readSkip(site ? evaluateTemplate(site.value, site.template, this.scope(node, 'skipNodeExecution')) : json.value);
  }

  private fail(node: FlowNode, attempt: number, error: NodeError): Result {
    this.firstFailure ??= `${this.label(node)} failed: ${this.o.secrets.maskText(error.message)}`;
    this.set(node, 'failure', attempt, { error });
    return 'failure';
  }

  private async runWorkflow(node: FlowNode): Promise<Result> {
    this.attemptStarts[node.index] = this.o.clock.now();
    this.set(node, 'running', 1);
    let results: Result[];
    if (node.kind === 'LoopWorkflow') {
      let iterations: unknown;
      try {
        iterations = (this.resolve(node) as { spec?: { iterations?: unknown } }).spec?.iterations;
      } catch (error) {
        return this.fail(node, 1, { code: (error as EvaluationError).code, message: (error as Error).message });
      }
      if (!Array.isArray(iterations)) return this.fail(node, 1, { code: 'invalid-spec', message: `spec.iterations resolved to ${JSON.stringify(iterations)}, not an array.` });
      results = [];
      for (let i = 0; i < iterations.length && !results.some((r) => r !== 'success' && r !== 'skipped'); i++) {
        this.note(node, `Iteration ${i + 1} of ${iterations.length}.`);
        results.push(...(await this.sequence(node.children)));
      }
    } else if (node.workflowType === 'parallel') {
      results = await Promise.all(node.children.map((child) => this.runNode(child)));
    } else {
      results = await this.sequence(node.children);
    }
    if (results.includes('failure')) {
      const failed = node.children.filter((child) => this.status[child.index] === 'failure').map((child) => this.label(child));
      this.set(node, 'failure', 1, { error: { code: 'step-failed', message: `${failed.join(', ') || 'A step'} failed.` } });
      return 'failure';
    }
    if (results.includes('aborted') || results.includes('not-started')) {
      const message = this.o.signal.aborted ? 'The run was aborted.' : `Not completed: the run started nothing new after ${this.firstFailure ?? 'a failure'}.`;
      this.set(node, 'aborted', 1, { error: { code: this.o.signal.aborted ? 'aborted' : 'stopped', message } });
      return 'aborted';
    }
    this.set(node, 'success', 1);
    this.outputs[node.index] = {};
    return 'success';
  }

  private async sequence(children: FlowNode[]): Promise<Result[]> {
    const results: Result[] = [];
    for (const child of children) {
      const result = await this.runNode(child);
      results.push(result);
      if (result !== 'success' && result !== 'skipped') break;
    }
    return results;
  }

  private async runLeaf(node: FlowNode): Promise<Result> {
    this.activeLeaves++;
    try {
      return await this.attempts(node);
    } finally {
      this.activeLeaves--;
      this.wakeIfAllStuck();
    }
  }

  /**
   * When every active node waits for something only a change of the platform
   * can bring, nothing scheduled will bring it: the waits are woken to fail at
   * once rather than hold the run up to their timeouts.
   */
  private wakeIfAllStuck(): void {
    if (this.stuck.size > 0 && this.stuck.size >= this.activeLeaves) for (const wake of [...this.stuck]) wake();
  }

  private async attempts(node: FlowNode): Promise<Result> {
    const kind = node.kind ?? 'unknown';
    let lastError: NodeError | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        if (attempt === 1) {
          this.attemptStarts[node.index] = this.o.clock.now();
          this.set(node, 'running', 1);
        } else {
          this.set(node, 'retrying', attempt, { error: lastError as NodeError });
          await this.o.clock.sleep(this.o.scenario.retryDelayMs, this.o.signal);
          this.attemptStarts[node.index] = this.o.clock.now();
        }
        const overridden = applyOverrides(node, this.resolve(node) as Record<string, unknown>, this.o.overrides);
        const resolved = overridden.resolved;
        if (attempt === 1 && overridden.replaced.length > 0) {
          const dropped = overridden.dropped.length === 0 ? '' : ` An override replaces a field whole: ${overridden.dropped.map((field) => `spec.${field}`).join(', ')} ${overridden.dropped.length === 1 ? 'is' : 'are'} not set in this run.`;
          this.note(node, `${this.label(node)}: ${overridden.replaced.map((field) => `spec.${field}`).join(', ')} replaced by the run's overrides.${dropped}`);
        }
        let request: unknown = resolved;
        const step = { index: node.index, ref: node.ref, kind };
        if (kind === 'Approval') return await this.approval(node, attempt, resolved);
        const outcome = this.outcomes.next(step, targetIds(kind, resolved));
        await this.o.clock.sleep(durationFor(this.o.scenario, 'request', undefined), this.o.signal);
        if (outcome.result === 'error') throw new PlatformError('platform-error', outcome.message ?? `The platform refused the ${kind} request (scripted by the scenario).`, true);
        const operation = await this.o.clock.track(this.o.platform.perform(step, resolved, outcome));
        if (this.o.signal.aborted) throw new AbortError();
        const condition = resolved.condition;
        if (!operation.watch || (!operation.mustWait && condition !== 'success' && condition !== 'running')) {
          return this.succeed(node, attempt, operation.outputs, request);
        }
        const timeout = this.timeoutOf(kind, resolved);
        if (!operation.working) {
          this.set(node, 'waiting', attempt, { outputs: operation.outputs, request });
          request = undefined;
        }
        const state = await this.waitFor(operation.watch, this.o.clock.now() + timeout * 1000);
        if (state === 'timeout') throw new NodeFailure({ code: 'timeout', message: `Timed out after ${timeout} s waiting for ${this.waitingFor(kind, condition)}.` }, false);
        if ('unsatisfiable' in state) {
          throw new NodeFailure({
            code: 'wait-unsatisfiable',
            message: `Nothing in this run can end the wait for ${this.waitingFor(kind, condition)}: ${state.unsatisfiable}. On the platform it would fail after its timeout (${timeout} s); the local run fails it now.`,
          }, false);
        }
        if ('endsAfterTimeout' in state) {
          throw new NodeFailure({
            code: 'timeout',
            message: `Timed out: the wait for ${this.waitingFor(kind, condition)} would end only ${wholeSeconds(state.endsAfterTimeout)} s from now, after its timeout (${timeout} s), and nothing else in this run can end it sooner. The platform would fail it when the timeout passes; the local run fails it now.`,
          }, false);
        }
        if (!state.ok) throw new NodeFailure(state.error ?? { code: 'operation-failed', message: `${kind} failed.` }, state.final !== true);
        return this.succeed(node, attempt, state.outputs ?? operation.outputs, request);
      } catch (error) {
        if (isAbortError(error) || this.o.signal.aborted) {
          this.set(node, 'aborted', attempt, { error: { code: 'aborted', message: 'The run was aborted.' } });
          return 'aborted';
        }
        const failure = classify(error);
        lastError = failure.error;
        if (!failure.retryable || attempt === MAX_ATTEMPTS) {
          const message = attempt > 1 ? `${failure.error.message} (attempt ${attempt} of ${MAX_ATTEMPTS})` : failure.error.message;
          return this.fail(node, attempt, { code: failure.error.code, message });
        }
      }
    }
    return 'failure';
  }

  /** Waits in `approval_wait` for the scenario's or the approver's decision; a rejection, or nobody to decide, is final. */
  private async approval(node: FlowNode, attempt: number, resolved: Record<string, unknown>): Promise<Result> {
    const amount = (resolved.spec as { amount?: unknown } | undefined)?.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
      throw new NodeFailure({ code: 'invalid-spec', message: `spec.amount is ${JSON.stringify(amount)}; an Approval needs a whole number of approvals, at least 1.` }, false);
    }
    this.set(node, 'approval_wait', attempt, { request: resolved });
    const label = `${this.label(node)} (${amount} approval${amount === 1 ? '' : 's'})`;
    const scripted = this.outcomes.scripted({ index: node.index, ref: node.ref, kind: 'Approval' }, []);
    let decision: ApprovalDecision | undefined;
    if (scripted) {
      await this.o.clock.sleep(durationFor(this.o.scenario, 'Approval', node.ref), this.o.signal);
      decision = { decision: scripted.result === 'success' ? 'approve' : 'reject', by: 'the scenario' };
    } else if (this.o.approvals) {
      decision = await this.o.approvals.decide({ runId: this.o.runId, node: node.index, ref: node.ref, amount, label }, this.o.signal);
    }
    if (this.o.signal.aborted) throw new AbortError();
    if (!decision) {
      const ref = node.ref ?? '<ref>';
      throw new NodeFailure({
        code: 'approval-needed',
        message: `${label} needs ${amount} approval${amount === 1 ? '' : 's'} and nobody can give them here: run on a terminal to be asked, pass --approve ${ref}, or script it in the scenario ("outcomes": [{ "match": { "ref": "${ref}" }, "results": ["success"] }]).`,
      }, false);
    }
    if (decision.decision === 'reject') throw new NodeFailure({ code: 'rejected', message: `${this.label(node)} was rejected by ${decision.by}.` }, false);
    // One local decision stands for every approval the platform would collect: said, never implied.
    const standsFor = amount > 1 ? ` (one decision here stands for the ${amount} approvals the platform would wait for)` : '';
    this.note(node, `${this.label(node)} approved by ${decision.by}${standsFor}.`);
    return this.succeed(node, attempt, { approved: true, approvals: amount, by: decision.by }, undefined);
  }

  private succeed(node: FlowNode, attempt: number, outputs: unknown, request: unknown): Result {
    this.outputs[node.index] = outputs ?? {};
    this.set(node, 'success', attempt, request === undefined ? { outputs: outputs ?? {} } : { outputs: outputs ?? {}, request });
    return 'success';
  }

  private waitingFor(kind: string, condition: unknown): string {
    if (kind === 'Condition') return 'the condition';
    return condition === 'running' ? 'the target to run' : `the ${kind} to succeed`;
  }

  /** The node's own timeout (Release: 30..14400), else its Condition's or Action's `spec.spec.data.timeoutDuration`, else the platform's maximum. */
  private timeoutOf(kind: string, resolved: Record<string, unknown>): number {
    const own = readTimeout(resolved.timeoutDuration, kind === 'Release');
    if (typeof own === 'string') throw new NodeFailure({ code: 'invalid-timeout', message: own }, false);
    if (own !== undefined) return own;
    const data = kind === 'Condition' || kind === 'Action' ? innerData(resolved) : {};
    const inner = readTimeout(data.timeoutDuration, false);
    if (typeof inner === 'string') throw new NodeFailure({ code: 'invalid-timeout', message: `spec.spec.data.${inner}` }, false);
    return inner ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
  }

  /**
   * Checks `watch` until it is done or the deadline passes; looks again whenever the platform changes.
   * A wait only a change can end, while no other node is active to make one, ends `unsatisfiable`;
   * one whose scheduled end lies past its deadline ends `endsAfterTimeout` (milliseconds from now)
   * rather than hold the run up to its timeout in real time.
   */
  private async waitFor(watch: () => Promise<WatchState>, deadline: number): Promise<WatchState & { done: true } | 'timeout' | { unsatisfiable: string } | { endsAfterTimeout: number }> {
    const clock = this.o.clock;
    for (;;) {
      if (this.o.signal.aborted) throw new AbortError();
      const state = await clock.track(watch());
      if (state.done) return state;
      const now = clock.now();
      if (now >= deadline) return 'timeout';
      const wake = new AbortController();
      const onAbort = (): void => wake.abort();
      const waker = (): void => wake.abort();
      this.o.signal.addEventListener('abort', onAbort, { once: true });
      const unsubscribe = this.o.platform.onChange(() => wake.abort());
      // Past the deadline, a scheduled end is as good as none: only another node's change could come sooner.
      const stuck = state.nextAt === Infinity || state.nextAt > deadline;
      if (stuck) {
        this.stuck.add(waker);
        if (this.stuck.size >= this.activeLeaves) {
          this.stuck.delete(waker);
          unsubscribe();
          this.o.signal.removeEventListener('abort', onAbort);
          this.wakeIfAllStuck();
          return state.nextAt === Infinity ? { unsatisfiable: state.why ?? 'what it waits for cannot change' } : { endsAfterTimeout: state.nextAt - now };
        }
      }
      try {
        await clock.sleep(Math.min(state.nextAt, deadline) - now, wake.signal);
      } catch (error) {
        if (this.o.signal.aborted || !isAbortError(error)) throw error;
      } finally {
        this.stuck.delete(waker);
        unsubscribe();
        this.o.signal.removeEventListener('abort', onAbort);
      }
    }
  }

  private resolve(node: FlowNode): unknown {
    const container = node.kind === 'Workflow' || node.kind === 'LoopWorkflow';
    try {
      return resolveJson(node.json, this.sites, (place) => this.scope(node, place), '', container);
    } catch (error) {
      if (error instanceof EvaluationError) {
        const place = (error as { place?: string }).place;
        throw new NodeFailure({ code: error.code, message: `${place ? `${place}: ` : ''}${error.message}` }, false);
      }
      throw error;
    }
  }

  private scope(node: FlowNode, place: string): Scope {
    return {
      ref: (name, path) => this.lookupRef(name, path),
      arg: (name): Lookup => (this.o.args.has(name) ? { value: this.o.args.get(name) } : { missing: `Argument '${name}' has no value: give it a default in "arguments" or pass --arg ${name}=<value>.` }),
      call: (name, args, ordinal) =>
        this.o.secrets.derive(args, callFunction(name, args, {
          now: this.o.clock.now(),
          bytes: (count) => this.o.ids.bytes(count),
          secret: (length, encoding) => this.o.secrets.randomSecret(`${this.o.flowKey}|${node.ref ?? pathText(node.path)}|${place}|${ordinal}|${length}|${encoding}`, length, encoding),
        })),
    };
  }

  private lookupRef(name: string, path: readonly string[]): Lookup {
    const source = this.o.model.nodesByRef.get(name)?.[0];
    let outputs: unknown;
    if (!source || source.tree !== 'spec') {
      const trigger = this.o.triggers.get(name);
      if (!trigger) return { missing: `No node or trigger has the ref '${name}'.` };
      outputs = trigger;
    } else {
      const status = this.status[source.index];
      if (status === 'skipped') return { missing: `'${name}' was skipped (skipNodeExecution), so it has no outputs.` };
      if (status !== 'success') return { missing: `'${name}' has not finished yet, so its outputs are not available.` };
      outputs = this.outputs[source.index];
    }
    if (path.length === 0) return { value: outputs };
    const found = readPath(outputs, path);
    if ('value' in found) return { value: found.value };
    return { missing: `refs.${name} has no '${path.slice(0, found.missingAt + 1).join('.')}' in its outputs.` };
  }
}

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** `spec.spec.data` of a Condition or Action node. */
function innerData(resolved: Record<string, unknown>): Record<string, unknown> {
  return asRecord(asRecord(asRecord(resolved.spec).spec).data);
}

function classify(error: unknown): { error: NodeError; retryable: boolean } {
  if (error instanceof NodeFailure) return { error: error.error, retryable: error.retryable };
  if (error instanceof PlatformError) return { error: { code: error.code, message: error.message }, retryable: error.retryable };
  return { error: { code: 'internal-error', message: `The runner failed on this node: ${(error as Error).message ?? String(error)}` }, retryable: false };
}
