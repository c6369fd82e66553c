/**
 * A fake of the platform's release-flow API on 127.0.0.1, for the tests, the
 * bench and `npm run demo:platform`: get and update a release flow, run it,
 * list runs (per_page, page, cursor), get run details, abort a run, get a
 * pipeline; project and team paths; Bearer auth; the documented error shape
 * `{"error": {status, message, id, details}}`; rate-limit headers; and runs
 * that progress across polls: each read of a run moves it one step (the
 * running leaf node concludes and the next one starts), so a follower sees
 * node `response.status` go from `waiting` to `success` or `failure`.
 *
 * Answers are typed with @northflank/js-client's result types, so a drift of
 * the documented shapes fails the type check.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  AbortReleaseflowrunResult,
  GetPipelineResult,
  GetReleaseflowResult,
  GetReleaseflowrunResult,
  ListReleaseflowrunsResult,
} from '@northflank/js-client';
import type { NodeResponse, NodeResponseStatus } from './remoteRuns';

interface FakeNode {
  kind?: string;
  ref?: string;
  spec?: { type?: string; steps?: FakeNode[] } & Record<string, unknown>;
  settings?: { maxAttempts?: number };
  response?: NodeResponse;
  [key: string]: unknown;
}

interface FakeRun {
  details: GetReleaseflowrunResult;
  /** Leaf nodes in the order they run. */
  leaves: FakeNode[];
  abortRequested: boolean;
}

interface FakeFlow {
  flow: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  runs: FakeRun[];
}

export interface FakePlatformOptions {
  /** Tokens accepted; a request with another or none gets 401. */
  tokens: string[];
  /** Tokens that may read but not change anything (403 on every POST). */
  readOnlyTokens?: string[];
  /** Requests an hour before 429 (default 1,000, as the platform). */
  rateLimit?: number;
  /** Whether the run request answers with the new run's id (the platform's answer is undocumented). */
  runAnswerHasId?: boolean;
  /** Refs of nodes that fail on every attempt (retried up to their settings.maxAttempts). */
  failRefs?: string[];
  /** Runs move one step every this many ms, whether read or not (as on the platform); default: one step per read of the run. */
  stepEveryMs?: number;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  /** The Authorization header as received, for tests that check it was sent. */
  authorization: string | undefined;
  status: number;
  /** The request's body as sent (parsed when it is JSON), for tests that check what a command asked for. */
  body?: unknown;
}

/** A failure to inject: the next `count` requests matching get `status` (or the connection is dropped). */
export interface InjectedFailure {
  status: number | 'drop';
  count: number;
  match?: (method: string, path: string) => boolean;
  body?: string;
}

const PATH = /^\/v1\/(?:teams\/([^/]+)\/)?projects\/([^/]+)\/pipelines\/([^/]+)(?:\/release-flows\/([^/]+)(?:\/runs(?:\/([^/]+)(\/abort)?)?)?)?$/;
const STAGES = ['Development', 'Staging', 'Production'] as const;

export class FakePlatform {
  readonly log: FakeRequestLog[] = [];
  private readonly flows = new Map<string, FakeFlow>();
  private readonly pipelines = new Map<string, GetPipelineResult>();
  private failures: InjectedFailure[] = [];
  private windowStart = Date.now();
  private used = 0;
  private rateLimitOverride: { remaining: number; resetSeconds: number; until: number } | undefined;
  /** Called when a request arrives, before it is answered: tests change the platform meanwhile. */
  onRequest?: (method: string, path: string) => void;
  /** Called whenever a node's status changes (time of the change), for the latency bench. */
  onNodeChange?: (runId: string, ref: string | undefined, status: string) => void;

  private readonly ticker: NodeJS.Timeout | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly options: FakePlatformOptions,
  ) {
    if (options.stepEveryMs !== undefined) {
      this.ticker = setInterval(() => {
        for (const flow of this.flows.values()) for (const run of flow.runs) this.advance(run);
      }, options.stepEveryMs);
    }
  }

  static async start(options: FakePlatformOptions, port = 0): Promise<FakePlatform> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const fake = new FakePlatform(server, `http://127.0.0.1:${address.port}`, options);
    server.on('request', (req, res) => fake.handle(req, res));
    return fake;
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private key(team: string | undefined, project: string, pipeline: string, stage?: string): string {
    return [team ?? '', project, pipeline, stage?.toLowerCase() ?? ''].join('\u0000');
  }

  /** Declares a pipeline and its resources (get pipeline's nfObjects). */
  addPipeline(where: { team?: string; project: string; pipeline: string }, nfObjects: NonNullable<GetPipelineResult['nfObjects']>): void {
    this.pipelines.set(this.key(where.team, where.project, where.pipeline), { name: where.pipeline, nfObjects });
  }

  /** Puts a release flow on a stage, as if saved on the platform. */
  setFlow(where: { team?: string; project: string; pipeline: string; stage: string }, flow: Record<string, unknown>): void {
    const existing = this.flows.get(this.key(where.team, where.project, where.pipeline, where.stage));
    // Every change moves updatedAt, even within one millisecond: clients rely on it to see changes.
    const now = new Date(Math.max(Date.now(), existing ? Date.parse(existing.updatedAt) + 1 : 0)).toISOString();
    this.flows.set(this.key(where.team, where.project, where.pipeline, where.stage), { flow: structuredClone(flow), createdAt: existing?.createdAt ?? now, updatedAt: now, runs: existing?.runs ?? [] });
  }

  flowOf(where: { team?: string; project: string; pipeline: string; stage: string }): Record<string, unknown> | undefined {
    return this.flows.get(this.key(where.team, where.project, where.pipeline, where.stage))?.flow;
  }

  /** Every run of a stage, newest first. */
  runsOf(where: { team?: string; project: string; pipeline: string; stage: string }): GetReleaseflowrunResult[] {
    return [...(this.flows.get(this.key(where.team, where.project, where.pipeline, where.stage))?.runs ?? [])].reverse().map((run) => run.details);
  }

  /** Adds a concluded run directly (for listing tests). */
  addConcludedRun(where: { team?: string; project: string; pipeline: string; stage: string }, status: 'success' | 'failure' | 'aborted', createdAt: string): string {
    const stored = this.flows.get(this.key(where.team, where.project, where.pipeline, where.stage));
    if (!stored) throw new Error('no flow on that stage');
    const run = this.newRun(stored, {});
    run.details.status = status;
    run.details.concluded = true;
    run.details.createdAt = createdAt;
    run.details.startedAt = createdAt;
    run.details.concludedAt = createdAt;
    run.details.updatedAt = createdAt;
    stored.runs.sort((a, b) => a.details.createdAt.localeCompare(b.details.createdAt));
    return run.details.id;
  }

  inject(failure: InjectedFailure): void {
    this.failures.push({ ...failure });
  }

  /** Sets the rate-limit state: `remaining` requests left, resetting in `resetSeconds`. */
  setRateLimit(remaining: number, resetSeconds: number): void {
    this.rateLimitOverride = { remaining, resetSeconds, until: Date.now() + resetSeconds * 1000 };
  }

  private rateHeaders(res: http.ServerResponse): boolean {
    const limit = this.options.rateLimit ?? 1000;
    const now = Date.now();
    let remaining: number;
    let reset: number;
    const override = this.rateLimitOverride;
    if (override && now < override.until) {
      remaining = override.remaining;
      reset = Math.ceil((override.until - now) / 1000);
      if (remaining > 0) override.remaining--;
    } else {
      if (override) {
        this.rateLimitOverride = undefined;
        this.windowStart = now;
        this.used = 0;
      }
      if (now - this.windowStart >= 3_600_000) {
        this.windowStart = now;
        this.used = 0;
      }
      remaining = limit - this.used;
      reset = Math.ceil((this.windowStart + 3_600_000 - now) / 1000);
      if (remaining > 0) this.used++;
    }
    const allowed = remaining > 0;
    res.setHeader('x-ratelimit-limit', String(limit));
    res.setHeader('x-ratelimit-remaining', String(Math.max(0, remaining - (allowed ? 1 : 0))));
    res.setHeader('x-ratelimit-reset', String(reset));
    return allowed;
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }

  private fail(res: http.ServerResponse, status: number, message: string, details?: unknown): void {
    this.send(res, status, { error: { status, message, id: `fake-${randomUUID().slice(0, 8)}`, details } });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: FakeRequestLog = { method, path: url.pathname, authorization: req.headers.authorization, status: 0 };
    this.log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length > 0) {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        entry.body = JSON.parse(text) as unknown;
      } catch {
        entry.body = text;
      }
    }
    this.onRequest?.(method, url.pathname);
    const failure = this.failures.find((f) => f.count > 0 && (!f.match || f.match(method, url.pathname)));
    if (failure) {
      failure.count--;
      if (failure.status === 'drop') {
        req.socket.destroy();
        return;
      }
      if (failure.body !== undefined) {
        res.statusCode = failure.status;
        res.end(failure.body);
        return;
      }
      this.fail(res, failure.status, failure.status >= 500 ? 'Internal server error' : 'Injected failure');
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined || !(this.options.tokens.includes(token) || this.options.readOnlyTokens?.includes(token))) {
      this.fail(res, 401, 'Unauthorized: invalid or missing API token');
      return;
    }
    if (!this.rateHeaders(res)) {
      this.fail(res, 429, 'Too many requests: rate limit exceeded');
      return;
    }
    if (method === 'POST' && this.options.readOnlyTokens?.includes(token)) {
      this.fail(res, 403, 'Forbidden: this token lacks Project > Pipelines > General > Update');
      return;
    }
    const match = PATH.exec(url.pathname);
    if (!match) {
      this.fail(res, 404, `No route ${method} ${url.pathname}`);
      return;
    }
    const [, team, project, pipeline, stage, runId, abort] = match.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
    let body: Record<string, unknown> = {};
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        this.fail(res, 400, 'The request body is not JSON');
        return;
      }
    }
    if (stage === undefined) {
      const found = this.pipelines.get(this.key(team, project as string, pipeline as string));
      if (method !== 'GET' || !found) return this.fail(res, 404, `Pipeline ${pipeline} not found`);
      return this.send(res, 200, { data: found satisfies GetPipelineResult });
    }
    const stored = this.flows.get(this.key(team, project as string, pipeline as string, stage));
    if (!stored) return this.fail(res, 404, `Release flow for stage ${stage} of pipeline ${pipeline} not found`);
    const runsPath = url.pathname.includes('/runs');
    if (!runsPath) {
      if (method === 'GET') return this.send(res, 200, { data: this.flowResult(stored, stage) });
      if (method === 'POST') return this.update(res, stored, body);
      return this.fail(res, 405, 'Method not allowed');
    }
    if (runId === undefined) {
      if (method === 'POST') return this.run(res, stored, body);
      return this.list(res, stored, url.searchParams);
    }
    const run = stored.runs.find((r) => r.details.id === runId);
    if (!run) return this.fail(res, 404, `Release flow run ${runId} not found`);
    if (abort) {
      if (method !== 'POST') return this.fail(res, 405, 'Method not allowed');
      if (run.details.concluded) return this.fail(res, 409, `Run ${runId} has already concluded`);
      run.abortRequested = true;
      run.details.status = 'aborting';
      for (const leaf of run.leaves) if (leaf.response?.status === 'waiting' && leaf.response.startTime !== undefined) this.setStatus(run, leaf, 'aborting');
      this.settleWorkflows(run, run.details.spec as FakeNode, Math.floor(Date.now() / 1000));
      return this.send(res, 200, { data: run.details satisfies AbortReleaseflowrunResult });
    }
    if (method !== 'GET') return this.fail(res, 405, 'Method not allowed');
    if (this.options.stepEveryMs === undefined) this.advance(run);
    return this.send(res, 200, { data: run.details satisfies GetReleaseflowrunResult });
  }

  private flowResult(stored: FakeFlow, stage: string): GetReleaseflowResult {
    const flow = structuredClone(stored.flow) as Record<string, unknown>;
    const options = (flow.options ?? {}) as { concurrencyPolicy?: 'allow' | 'queue' | 'forbid' | 'latest' | 'replace'; paused?: boolean };
    const last = stored.runs[stored.runs.length - 1];
    const result: GetReleaseflowResult = {
      ...(flow as Omit<GetReleaseflowResult, 'status' | 'paused' | 'createdAt' | 'updatedAt' | 'apiVersion' | 'spec'>),
      apiVersion: 'v1.2',
      spec: flow.spec,
      stage: STAGES.find((s) => s.toLowerCase() === stage.toLowerCase()) ?? stage,
      status: last?.details.status ?? 'success',
      paused: options.paused === true,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    };
    if (options.concurrencyPolicy) result.concurrencyPolicy = options.concurrencyPolicy;
    return result;
  }

  private update(res: http.ServerResponse, stored: FakeFlow, body: Record<string, unknown>): void {
    if (body.spec === undefined || typeof body.spec !== 'object') return this.fail(res, 400, 'Validation failed: "spec" is required', [{ path: ['spec'], message: 'required' }]);
    // The platform's own fields are not part of the flow: the update takes the flow's fields.
    const { status: _s, stage: _st, createdAt: _c, updatedAt: _u, paused: _p, concurrencyPolicy: _cp, ...flow } = body;
    stored.flow = structuredClone(flow);
    stored.updatedAt = new Date(Math.max(Date.now(), Date.parse(stored.updatedAt) + 1)).toISOString();
    this.send(res, 200, { data: {} });
  }

  private newRun(stored: FakeFlow, body: Record<string, unknown>): FakeRun {
    const now = new Date().toISOString();
    const flow = structuredClone(stored.flow) as Record<string, unknown>;
    const spec = (flow.spec ?? { kind: 'Workflow', spec: { type: 'sequential', steps: [] } }) as FakeNode;
    const leaves: FakeNode[] = [];
    const walk = (node: FakeNode): void => {
      node.response = { status: 'waiting' };
      const steps = node.spec?.steps;
      if (node.kind === 'Workflow' && Array.isArray(steps)) steps.forEach(walk);
      else leaves.push(node);
    };
    walk(spec);
    const args = { ...((flow.arguments ?? {}) as Record<string, unknown>), ...((body.arguments ?? {}) as Record<string, unknown>) };
    const details: GetReleaseflowrunResult = { apiVersion: 'v1.2', arguments: args, spec, id: randomUUID(), status: 'pending', concluded: false, createdAt: now, updatedAt: now };
    if (typeof body.name === 'string') details.name = body.name;
    if (typeof body.description === 'string') details.description = body.description;
    const overrides = body.overrides as Record<string, Record<string, unknown>> | undefined;
    for (const leaf of leaves) if (leaf.ref && overrides?.[leaf.ref]) leaf.spec = { ...leaf.spec, ...overrides[leaf.ref] };
    const run: FakeRun = { details, leaves, abortRequested: false };
    stored.runs.push(run);
    return run;
  }

  private run(res: http.ServerResponse, stored: FakeFlow, body: Record<string, unknown>): void {
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length < 3 || body.name.length > 39)) return this.fail(res, 400, 'Validation failed: "name" must be 3-39 characters');
    const run = this.newRun(stored, body);
    this.send(res, 200, this.options.runAnswerHasId === false ? {} : { data: { id: run.details.id } });
  }

  private list(res: http.ServerResponse, stored: FakeFlow, query: URLSearchParams): void {
    const perPage = Number(query.get('per_page') ?? 50);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return this.fail(res, 400, 'per_page must be 1-100');
    let start = 0;
    const cursor = query.get('cursor');
    if (cursor) {
      const decoded = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Number.isInteger(decoded) || decoded < 0) return this.fail(res, 400, 'Invalid cursor');
      start = decoded;
    } else if (query.get('page')) {
      start = (Number(query.get('page')) - 1) * perPage;
    }
    const status = query.get('status');
    const all = [...stored.runs].reverse().map((r) => r.details).filter((d) => !status || d.status === status);
    const slice = all.slice(start, start + perPage);
    const runs: NonNullable<ListReleaseflowrunsResult['runs']> = slice.map(({ id, name, description, status: s, startedAt, concluded, concludedAt, createdAt, updatedAt }) => {
      const summary: NonNullable<ListReleaseflowrunsResult['runs']>[number] = { id, status: s, concluded, createdAt, updatedAt };
      if (name !== undefined) summary.name = name;
      if (description !== undefined) summary.description = description;
      if (startedAt !== undefined) summary.startedAt = startedAt;
      if (concludedAt !== undefined) summary.concludedAt = concludedAt;
      return summary;
    });
    const hasNextPage = start + perPage < all.length;
    const pagination: { hasNextPage: boolean; cursor?: string; count: number } = { hasNextPage, count: runs.length };
    if (hasNextPage) pagination.cursor = Buffer.from(String(start + perPage)).toString('base64url');
    this.send(res, 200, { data: { runs } satisfies ListReleaseflowrunsResult, pagination });
  }

  private setStatus(run: FakeRun, node: FakeNode, status: NodeResponseStatus): void {
    const response = (node.response ??= { status });
    response.status = status;
    this.onNodeChange?.(run.details.id, node.ref, status);
  }

  /** One step of a run: the running leaf concludes (or retries), the next one starts, workflows follow their steps. */
  private advance(run: FakeRun): void {
    const details = run.details;
    if (details.concluded) return;
    const now = Date.now();
    const seconds = Math.floor(now / 1000);
    const iso = new Date(now).toISOString();
    details.updatedAt = iso;
    if (details.status === 'pending') {
      details.status = 'running';
      details.startedAt = iso;
    }
    if (run.abortRequested) {
      for (const leaf of run.leaves) {
        if (leaf.response?.status === 'aborting') {
          this.setStatus(run, leaf, 'aborted');
          leaf.response.endTime = seconds;
        }
      }
      // Workflows follow their steps, so none is left running after the run was aborted.
      this.settleWorkflows(run, details.spec as FakeNode, seconds);
      this.conclude(run, 'aborted', iso);
      return;
    }
    const running = run.leaves.find((leaf) => leaf.response?.startTime !== undefined && (leaf.response.status === 'waiting' || leaf.response.status === 'retrying'));
    if (running) {
      const response = running.response as NodeResponse;
      const maxAttempts = running.settings?.maxAttempts ?? 1;
      const retries = (response.retries ??= { attempts: 1, maxAttempts, timestamp: seconds });
      const fails = running.ref !== undefined && (this.options.failRefs ?? []).includes(running.ref);
      if (response.status === 'retrying') {
        retries.attempts++;
        retries.timestamp = seconds;
        delete retries.nextAttempt;
        this.setStatus(run, running, 'waiting');
      } else if (!fails) {
        this.setStatus(run, running, 'success');
        response.endTime = seconds;
        response.data = running.kind === 'Build' ? { id: `build-${details.id.slice(0, 6)}`, sha: '0000000' } : { id: running.ref ?? running.kind };
      } else if (retries.attempts < maxAttempts) {
        retries.nextAttempt = seconds + 1;
        response.error = { code: 500, message: `${running.kind ?? 'Node'} failed (attempt ${retries.attempts} of ${maxAttempts})` };
        this.setStatus(run, running, 'retrying');
      } else {
        response.error = { code: 500, message: `${running.kind ?? 'Node'} failed` };
        this.setStatus(run, running, 'failure');
        response.endTime = seconds;
      }
    } else {
      const next = run.leaves.find((leaf) => leaf.response?.status === 'waiting' && leaf.response.startTime === undefined);
      if (next) {
        (next.response as NodeResponse).startTime = seconds;
        (next.response as NodeResponse).retries = { attempts: 1, maxAttempts: next.settings?.maxAttempts ?? 1, timestamp: seconds };
        this.setStatus(run, next, 'waiting');
      }
    }
    this.settleWorkflows(run, details.spec as FakeNode, seconds);
    const failed = run.leaves.some((leaf) => leaf.response?.status === 'failure');
    const done = run.leaves.every((leaf) => leaf.response?.status === 'success');
    if (failed) this.conclude(run, 'failure', iso);
    else if (done) this.conclude(run, 'success', iso);
  }

  private settleWorkflows(run: FakeRun, node: FakeNode, seconds: number): NodeResponseStatus {
    const steps = node.spec?.steps;
    if (node.kind !== 'Workflow' || !Array.isArray(steps)) return node.response?.status ?? 'waiting';
    const statuses = steps.map((step) => this.settleWorkflows(run, step, seconds));
    const response = (node.response ??= { status: 'waiting' });
    const started = steps.some((step) => step.response?.startTime !== undefined);
    if (started && response.startTime === undefined) response.startTime = seconds;
    const status: NodeResponseStatus = statuses.includes('failure')
      ? 'failure'
      : statuses.includes('aborted')
        ? 'aborted'
        : statuses.includes('aborting')
          ? 'aborting'
          : statuses.every((s) => s === 'success' || s === 'skipped')
            ? 'success'
            : 'waiting';
    if (status !== response.status) {
      this.setStatus(run, node, status);
      if (status !== 'waiting') response.endTime = seconds;
    }
    return status;
  }

  private conclude(run: FakeRun, status: 'success' | 'failure' | 'aborted', iso: string): void {
    run.details.status = status;
    run.details.concluded = true;
    run.details.concludedAt = iso;
  }
}
