/**
 * The platform's API, through the official client `@northflank/js-client`,
 * loaded only when a command first talks to the platform (it is about 1 MB
 * bundled: the CLI keeps it in its own chunk, `dist/northflank-client.js`).
 *
 * Every call goes through one policy:
 * - rate limits: `x-ratelimit-limit|remaining|reset` are kept from every
 *   answer; a 429 waits for the reset when that is under a minute, else fails;
 * - network failures and 5xx answers are retried with backoff, then fail;
 *   a run request (not idempotent) is retried only when it provably never
 *   reached the platform (connection refused, host not found) or was rate limited;
 * - each request is sent once per attempt of ours: the official client's own
 *   resending after a failed connection is refused (see SingleSend);
 * - every failure is a PlatformError with one line to show: 401/403 name the
 *   token's source (never the token), 404 names what was looked for.
 */
import type {
  ApiCallResponse,
  ApiClient,
  GetPipelineResult,
  GetReleaseflowResult,
  GetReleaseflowrunResult,
  ListReleaseflowrunsResult,
  UpdateReleaseflowData,
} from '@northflank/js-client';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as http from 'node:http';
import * as https from 'node:https';
import { AbortError } from '../runs/clock';
import { withoutToken, type Credentials } from './credentials';
import { describeTarget, type PlatformTarget } from './target';

export type PlatformErrorKind = 'auth' | 'forbidden' | 'not-found' | 'rate-limit' | 'server' | 'network' | 'refused' | 'answer';

/** The platform refused or failed: the CLI prints `message` and exits 6. */
export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets, as of `at`. */
  resetSeconds?: number;
  at?: number;
}

export type RunSummary = NonNullable<ListReleaseflowrunsResult['runs']>[number];

/** The statuses runs can be listed by (list-release-flow-runs.md's `status` filter), in the platform's words. */
export const RUN_LIST_STATUSES = [
  'pending', 'running', 'success', 'failure', 'aborted', 'aborting', 'queued', 'unknown', 'skipped', 'waiting', 'retrying', 'async_wait', 'approval_wait',
] as const satisfies readonly RunSummary['status'][];

export interface RunListPage {
  runs: RunSummary[];
  hasNextPage: boolean;
  cursor?: string;
}

export interface RunRequestBody {
  name?: string;
  description?: string;
  arguments?: Record<string, string>;
  overrides?: Record<string, Record<string, unknown>>;
  releaseNodeOverrides?: Record<string, Record<string, unknown>>;
}

export interface PlatformClientOptions {
  /** Waits before each retry of a network failure or a 5xx answer (default 0.5, 1, 2 s). */
  retryDelaysMs?: readonly number[];
  /** A 429 whose reset is further away than this fails instead of waiting (default 60 s). */
  maxRateLimitWaitSeconds?: number;
  /** Told about waits and retries, one line each. */
  onNotice?: (message: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /**
   * Called as each request is sent (each retry too), with what it asks ("get the
   * release flow"); the function it returns is called once the request is answered
   * or has failed. The CLI shows a waiting line on a terminal with it.
   */
  onRequest?: (what: string) => () => void;
  /** Loads the official client; tests and the bundle may swap it. */
  loadClient?: () => Promise<typeof import('@northflank/js-client')>;
}

type ClientModule = typeof import('@northflank/js-client');

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000];
/** Errors that say the request never reached the platform: safe to send again even when it is not idempotent. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** After a request that is not idempotent failed in a way that does not prove it was not done. */
const MAYBE_DONE = ' It may or may not have been done: check with release-flow remote runs <file> list.';

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt of ours to send one request.
 *
 * The official client (0.9.5) wraps node-fetch in a loop that sends a request
 * again, 3 times 500 ms apart, whenever the fetch fails (connection refused or
 * reset, host not found), for every method, and offers no option to turn it
 * off. That hides failures behind 1.5 s waits, and a run request whose
 * connection is reset after it reached the platform would start the run a
 * second time. Its `agent` option may be a function, asked for an agent on
 * every send: the first send of an attempt gets an agent that watches its
 * connection, a second send of the same attempt is refused before it reaches
 * the network, and the first connection error ends the attempt at once, so
 * this client's own policy alone decides what is sent again.
 */
class SingleSend {
  sends = 0;
  error: Error | undefined;
  readonly failed: Promise<never>;
  private rejectFailed: (error: Error) => void = () => undefined;

  constructor() {
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    // Only raced against the request: a failure nobody waits for is no unhandled rejection.
    this.failed.catch(() => undefined);
  }

  connectionFailed(error: Error): void {
    this.error ??= error;
    this.rejectFailed(error);
  }
}

/** A second send of one attempt: refused, never on the network. */
class ResendRefused extends Error {
  readonly code: string | undefined;
  constructor(first: Error | undefined) {
    super(first ? first.message : 'the connection failed before an answer (not sent again)');
    this.code = (first as { code?: string } | undefined)?.code;
  }
}

const currentSend = new AsyncLocalStorage<SingleSend>();

/**
 * A fresh agent whose request reports its failure to `send` (connection
 * refused or reset, host not found, an answer that is not HTTP): every error
 * node-fetch turns into a failed fetch comes through the request's 'error'.
 */
function watchedAgent(secure: boolean, send: SingleSend): http.Agent {
  const agent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  // addRequest is how every ClientRequest meets its agent (not in @types/node).
  const inner = agent as unknown as { addRequest(request: http.ClientRequest, options: unknown): void };
  const add = inner.addRequest.bind(agent);
  inner.addRequest = (request, options) => {
    request.once('error', (error: Error) => send.connectionFailed(error));
    add(request, options);
  };
  return agent;
}

/** The client's `agent` option: asked by node-fetch on every send, with the URL. */
function agentForSend(url: { protocol?: string | null }): http.Agent {
  const send = currentSend.getStore();
  const secure = url.protocol === 'https:';
  if (!send) return secure ? https.globalAgent : http.globalAgent;
  send.sends++;
  if (send.sends > 1) throw new ResendRefused(send.error);
  return watchedAgent(secure, send);
}

/** Runs one attempt: the request sent at most once; a connection error ends it at once. */
async function sendOnce<T>(invoke: () => Promise<T>): Promise<T> {
  const send = new SingleSend();
  const request = currentSend.run(send, invoke);
  // The client may still settle later (its own resend, refused): nobody waits for it then.
  request.catch(() => undefined);
  return Promise.race([request, send.failed]);
}

interface Operation {
  /** What was asked, for messages: "get the release flow". */
  what: string;
  /** What a 404 means: "project p, pipeline l, stage s". */
  notFound: string;
  /** Not idempotent: retried only when it never reached the platform. */
  unsafe?: boolean;
}

export class PlatformClient {
  /** Requests sent (each retry counts). */
  requests = 0;
  rateLimit: RateLimit = {};
  private api: Promise<ApiClient> | undefined;
  private readonly retryDelays: readonly number[];
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly credentials: Credentials,
    private readonly options: PlatformClientOptions = {},
  ) {
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.sleep = options.sleep ?? sleepFor;
  }

  get baseUrl(): string {
    return this.credentials.baseUrl;
  }

  private client(): Promise<ApiClient> {
    this.api ??= (this.options.loadClient ?? (() => import('@northflank/js-client')))().then((module: ClientModule) => {
      const provider = new module.ApiClientInMemoryContextProvider();
      provider.addContext({ name: 'release-flow', token: this.credentials.token, host: this.credentials.baseUrl }, true);
      return new module.ApiClient(provider, { throwErrorOnHttpErrorCode: false, customUserAgent: 'release-flow-studio', agent: agentForSend });
    });
    return this.api;
  }

  private parameters(target: PlatformTarget): { projectId: string; pipelineId: string; stage: string } | { teamId: string; projectId: string; pipelineId: string; stage: string } {
    const base = { projectId: target.project, pipelineId: target.pipeline, stage: target.stage };
    return target.team ? { teamId: target.team, ...base } : base;
  }

  async getReleaseFlow(target: PlatformTarget): Promise<GetReleaseflowResult> {
    const op = { what: 'get the release flow', notFound: describeTarget(target) };
    return (await this.call(op, (api) => api.get.releaseFlow({ parameters: this.parameters(target) }))).data;
  }

  async updateReleaseFlow(target: PlatformTarget, data: UpdateReleaseflowData): Promise<void> {
    const op = { what: 'update the release flow', notFound: describeTarget(target) };
    await this.call(op, (api) => api.update.releaseFlow({ parameters: this.parameters(target), data }));
  }

  /** Starts a run; the answer is not documented, so it is returned as it came (the caller looks for an id). */
  async runReleaseFlow(target: PlatformTarget, body: RunRequestBody): Promise<unknown> {
    const op = { what: 'start a run', notFound: describeTarget(target), unsafe: true };
    return (await this.call(op, (api) => api.run.releaseFlow({ parameters: this.parameters(target), data: body }))).data;
  }

  async listRuns(target: PlatformTarget, page: { perPage: number; cursor?: string; page?: number; status?: string }): Promise<RunListPage> {
    const op = { what: 'list runs', notFound: describeTarget(target) };
    const options: { per_page: number; cursor?: string; page?: number; status?: string } = { per_page: page.perPage };
    if (page.cursor !== undefined) options.cursor = page.cursor;
    if (page.page !== undefined) options.page = page.page;
    if (page.status !== undefined) options.status = page.status;
    const response = await this.call(op, (api) => api.list.releaseFlowRuns({ parameters: this.parameters(target), options }));
    const result: RunListPage = { runs: response.data?.runs ?? [], hasNextPage: response.pagination?.hasNextPage === true };
    if (response.pagination?.cursor !== undefined) result.cursor = response.pagination.cursor;
    return result;
  }

  async getRun(target: PlatformTarget, runId: string): Promise<GetReleaseflowrunResult> {
    const op = { what: `get run ${runId}`, notFound: `run ${runId} of ${describeTarget(target)}` };
    return (await this.call(op, (api) => api.get.releaseFlowRun({ parameters: { ...this.parameters(target), runId } }))).data;
  }

  async abortRun(target: PlatformTarget, runId: string): Promise<void> {
    const op = { what: `abort run ${runId}`, notFound: `run ${runId} of ${describeTarget(target)}` };
    await this.call(op, (api) => api.abort.releaseFlowRun({ parameters: { ...this.parameters(target), runId } }));
  }

  async getPipeline(target: PlatformTarget): Promise<GetPipelineResult> {
    const parameters = target.team ? { teamId: target.team, projectId: target.project, pipelineId: target.pipeline } : { projectId: target.project, pipelineId: target.pipeline };
    const op = { what: 'get the pipeline', notFound: `project ${target.project}, pipeline ${target.pipeline}${target.team ? ` (team ${target.team})` : ''}` };
    return (await this.call(op, (api) => api.get.pipeline({ parameters }))).data;
  }

  private async answered<T>(what: string, request: () => Promise<T>): Promise<T> {
    const done = this.options.onRequest?.(what);
    try {
      return await request();
    } finally {
      done?.();
    }
  }

  private async call<R>(op: Operation, invoke: (api: ApiClient) => Promise<ApiCallResponse<R>>): Promise<ApiCallResponse<R>> {
    const api = await this.client();
    let failures = 0;
    for (;;) {
      if (this.options.signal?.aborted) throw new AbortError();
      this.requests++;
      let response: ApiCallResponse<R>;
      try {
        response = await this.answered(op.what, () => sendOnce(() => invoke(api)));
      } catch (error) {
        const problem = this.thrown(error, op);
        const retryable = problem.kind === 'network' ? !op.unsafe || NEVER_SENT.has(errorCode(error) ?? '') : problem.kind === 'server' && !op.unsafe;
        if (retryable && failures < this.retryDelays.length) {
          await this.retryWait(failures++, problem.message);
          continue;
        }
        if (retryable) throw new PlatformError(problem.kind, `${problem.message} (after ${failures + 1} attempts)`, problem.status);
        // The request may have reached the platform and been done (a connection that failed once made, a
        // 5xx or a success whose body is not JSON, as a proxy may give): say so, as after a 5xx.
        const maybeDone = problem.kind === 'network' || problem.kind === 'server' || (problem.status !== undefined && problem.status < 300);
        if (op.unsafe && maybeDone) throw new PlatformError(problem.kind, `${problem.message.replace(/\.$/, '')}.${MAYBE_DONE}`, problem.status);
        throw problem;
      }
      const answered = this.noteRateLimit(response.rawResponse);
      const error = response.error;
      if (!error) return response;
      if (error.status === 429) {
        // This answer's own reset: one kept from an earlier answer may be long past.
        const reset = answered?.resetSeconds;
        const max = this.options.maxRateLimitWaitSeconds ?? 60;
        if (reset !== undefined && reset < max && failures < this.retryDelays.length + 2) {
          failures++;
          this.options.onNotice?.(`Rate limited by the platform (${this.rateLimit.limit ?? '?'} requests an hour): waiting ${reset} s for the limit to reset.`);
          await this.sleep(Math.max(reset, 0) * 1000 + 250, this.options.signal);
          continue;
        }
        throw new PlatformError('rate-limit', `Rate limit exhausted while trying to ${op.what}: ${this.rateLimit.limit ?? 'the'} requests an hour are used up; the limit resets in ${reset ?? 'an unknown number of'} s.`, 429);
      }
      if (error.status >= 500 && !op.unsafe && failures < this.retryDelays.length) {
        await this.retryWait(failures++, `the platform answered ${error.status}`);
        continue;
      }
      throw this.refused(error.status, error.message, op, failures);
    }
  }

  private async retryWait(failures: number, reason: string): Promise<void> {
    const delay = this.retryDelays[failures] ?? 1000;
    this.options.onNotice?.(`${this.clean(reason)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${failures + 2} of ${this.retryDelays.length + 1}).`);
    await this.sleep(delay, this.options.signal);
  }

  private clean(text: string): string {
    return withoutToken(text.replace(/\s+/g, ' ').trim(), this.credentials.token);
  }

  private refused(status: number, message: string, op: Operation, failures: number): PlatformError {
    const said = message ? `: ${this.clean(message)}` : '';
    switch (status) {
      case 401:
        return new PlatformError('auth', `The platform rejected the API token from ${this.credentials.source} (401${said}). Check that it is valid and not expired.`, status);
      case 403:
        return new PlatformError('forbidden', `The API token from ${this.credentials.source} may not ${op.what} (403${said}). Give it the permission, or use another token.`, status);
      case 404:
        return new PlatformError('not-found', `Not found on the platform: ${op.notFound} (404${said}).`, status);
      default:
        if (status >= 500) {
          const after = failures > 0 ? ` after ${failures + 1} attempts` : '';
          const maybe = op.unsafe ? MAYBE_DONE : '';
          return new PlatformError('server', `The platform failed to ${op.what}${after} (${status}${said}).${maybe}`, status);
        }
        return new PlatformError('refused', `The platform refused to ${op.what} (${status}${said}).`, status);
    }
  }

  /** A thrown call: the network failed, or the answer was not JSON (the client throws then). */
  private thrown(error: unknown, op: Operation): PlatformError {
    if (error instanceof AbortError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const notJson = /Failed reading api request result[\s\S]*\((\d{3})\)/.exec(text);
    if (notJson) {
      const status = Number(notJson[1]);
      const kind = status >= 500 ? 'server' : status === 401 ? 'auth' : 'answer';
      return new PlatformError(kind, `The platform answered ${status} to "${op.what}" with a body that is not JSON (is ${this.credentials.baseUrl} the API?)`, status);
    }
    const code = errorCode(error);
    return new PlatformError('network', `Cannot reach the platform at ${this.credentials.baseUrl} to ${op.what}: ${code ?? this.clean(text)}`);
  }

  /** Keeps the answer's rate-limit headers; returns them, or undefined when it has none. */
  private noteRateLimit(raw: { headers?: { get(name: string): string | null } } | undefined): RateLimit | undefined {
    const header = (name: string): number | undefined => {
      const value = raw?.headers?.get(name);
      const number = value === null || value === undefined ? NaN : Number(value);
      return Number.isFinite(number) ? number : undefined;
    };
    const limit = header('x-ratelimit-limit');
    const remaining = header('x-ratelimit-remaining');
    const reset = header('x-ratelimit-reset');
    if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
    const next: RateLimit = { at: Date.now() };
    if (limit !== undefined) next.limit = limit;
    if (remaining !== undefined) next.remaining = remaining;
    if (reset !== undefined) next.resetSeconds = reset;
    this.rateLimit = next;
    return next;
  }
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errno?: unknown; cause?: { code?: unknown } };
  for (const candidate of [e?.code, e?.errno, e?.cause?.code]) if (typeof candidate === 'string' && candidate !== '') return candidate;
  return undefined;
}

/**
 * How long to wait before the next poll: `baseMs` while plenty of the rate
 * limit is left (more than a quarter of it, and at least 100 requests); below
 * that, the remaining requests (less a reserve for an abort and the last
 * reads) are spread until the reset, so a follow never uses up the budget.
 */
export function pollDelay(baseMs: number, rateLimit: RateLimit, reserve = 10): number {
  const { remaining, resetSeconds, limit } = rateLimit;
  if (remaining === undefined || resetSeconds === undefined) return baseMs;
  if (remaining > Math.max(100, (limit ?? 0) / 4)) return baseMs;
  const usable = remaining - reserve;
  if (usable <= 0) return Math.max(baseMs, resetSeconds * 1000 + 1000);
  return Math.max(baseMs, Math.ceil((resetSeconds * 1000) / usable));
}
