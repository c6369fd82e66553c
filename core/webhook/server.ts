/**
 * The release flow's webhook, served locally as the platform serves it:
 * `GET` or `POST http://127.0.0.1:<port>/release-flows/<token>`, query
 * parameters as documented (params.ts). Loopback only; any other path, or a
 * wrong token, gets a bare 404. Every request is rate-limited and logged with
 * the token masked and parameter names only (values may be secrets).
 *
 * Answers, as JSON:
 *   200 {status: running|queued, runId, queue, follow}   the run was accepted
 *   202 {status: paused, message}      the flow's triggers are paused (as on the platform)
 *   400 bad parameters · 404 unknown · 405 other methods · 409 refused by `forbid`
 *   413 body over the limit · 415 body type · 422 dry run failed · 429 rate limit
 *
 * The answer is sent as soon as the run is started, queued or refused; the run
 * goes on in this process, and `close()` aborts the runs still going (they are
 * recorded as aborted).
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseFlow } from '../document/parse';
import { FlowFileError, readFlowFile } from '../document/readFlowFile';
import { cutLongNames } from '../text/longNames';
import type { DryRunProblem, RunnerEvent } from '../runs/events';
import { runFlow, type RunEnvironment, type RunRequest } from '../runner/session';
import type { PauseState } from '../triggers/pause';
import { bodyEntries, parseWebhookParams } from './params';
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimit } from './rateLimit';
import { tokenMatches } from './tokens';

export const WEBHOOK_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
const PREFIX = '/release-flows/';

export interface WebhookLogEntry {
  at: string;
  method: string;
  /** The path with the token masked; the query is left out (its values may be secrets). */
  path: string;
  params: string[];
  status: number;
  runId?: string;
  message?: string;
}

export interface WebhookServerOptions {
  flowFile: string;
  token: string;
  /** 0 or absent: any free port. */
  port?: number;
  env: RunEnvironment;
  /** Fields given to every run: scenario, pipeline, stage, approvals, and default arguments (the request's parameters win). */
  runDefaults?: Pick<RunRequest, 'scenario' | 'scenarioInfo' | 'pipeline' | 'stage' | 'args' | 'secretArgs' | 'approvals'>;
  pause: () => Promise<PauseState>;
  rate?: RateLimit;
  /** Clock of the rate limiter. */
  now?: () => number;
  maxBodyBytes?: number;
  log?: (entry: WebhookLogEntry) => void;
  onRunEvent?: (event: RunnerEvent) => void;
}

export interface WebhookServer {
  /** `http://127.0.0.1:<port>/release-flows/<token>` */
  url: string;
  port: number;
  /** Resolves when every run started so far has ended. */
  idle(): Promise<void>;
  /** Stops accepting requests, aborts the runs still going and waits for them to be recorded. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  runId?: string;
}

type Decision =
  | { kind: 'started' | 'queued'; runId: string; ahead?: string[] }
  | { kind: 'refused'; reason: string; activeRuns: string[] }
  | { kind: 'dry-run-failed'; problems: DryRunProblem[] }
  | { kind: 'error'; message: string };

/**
 * The request target as logged: whatever follows `release-flows` (in any
 * spelling: `/./release-flows/`, `/x/../release-flows/`, absolute form,
 * percent-encoded) is masked, the token is masked wherever else it appears,
 * and the query is left out (its values may be secrets).
 */
export function maskPath(target: string, token?: string): string {
  const raw = target.split('?', 1)[0] ?? '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: mask the raw form.
  }
  const at = decoded.search(/release-flows/i);
  let shown = at >= 0 ? `${decoded.slice(0, at + 'release-flows'.length)}/***` : decoded;
  if (token) shown = shown.split(token).join('***');
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** The token given by a request target, or undefined unless the target is exactly `/release-flows/<token>` (a query allowed). */
function tokenOfTarget(target: string): string | undefined {
  const pathname = target.split('?', 1)[0] ?? '';
  if (!pathname.startsWith(PREFIX)) return undefined;
  const token = pathname.slice(PREFIX.length);
  return /^[A-Za-z0-9_-]+$/.test(token) ? token : undefined;
}

/** Appends one JSON line to `<state folder>/webhook.log`. */
export async function appendWebhookLog(folder: string, entry: WebhookLogEntry): Promise<void> {
  await fs.appendFile(path.join(folder, 'webhook.log'), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const bucket = new TokenBucket(options.rate ?? DEFAULT_RATE_LIMIT, options.now);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const runs = new Set<Promise<unknown>>();
  const controllers = new Set<AbortController>();
  let closing = false;

  const queueOf = async (): Promise<{ runId: string; status: string }[]> => {
    const active = options.env.store ? await options.env.store.active(options.flowFile) : [];
    return active.map((r) => ({ runId: r.id, status: r.status }));
  };

  const startRun = async (params: ReturnType<typeof parseWebhookParams> & { ok: true }, method: string, names: string[]): Promise<Decision> => {
    let decide: (decision: Decision) => void = () => undefined;
    const decided = new Promise<Decision>((resolve) => (decide = resolve));
    const controller = new AbortController();
    const request: RunRequest = {
      ...options.runDefaults,
      flowFile: options.flowFile,
      args: { ...options.runDefaults?.args, ...params.params.args },
      triggers: params.params.triggers,
      notes: [`Started by the webhook (${method}${names.length > 0 ? ` with ${names.join(', ')}` : ''}).`],
      signal: controller.signal,
      onEvent: (event) => {
        options.onRunEvent?.(event);
        if (event.type === 'dry-run' && !event.ok) decide({ kind: 'dry-run-failed', problems: event.problems });
        else if (event.type === 'run-refused') decide({ kind: 'refused', reason: event.reason, activeRuns: event.activeRuns });
        else if (event.type === 'run-queued') decide({ kind: 'queued', runId: event.runId, ahead: event.ahead });
        else if (event.type === 'run-started') decide({ kind: 'started', runId: event.runId });
      },
    };
    if (params.params.name !== undefined) request.name = params.params.name;
    if (params.params.overrides !== undefined) request.overrides = params.params.overrides;
    if (params.params.description !== undefined) request.description = params.params.description;
    controllers.add(controller);
    const run = runFlow(request, options.env).then(
      () => decide({ kind: 'error', message: 'The run ended without starting.' }),
      (error: unknown) => decide({ kind: 'error', message: (error as Error).message }),
    );
    runs.add(run);
    void run.finally(() => {
      runs.delete(run);
      controllers.delete(controller);
    });
    return decided;
  };

  const handle = async (req: http.IncomingMessage, names: string[]): Promise<Reply> => {
    const limited = bucket.take();
    if (!limited.ok) return { status: 429, body: { status: 'rate-limited', message: `Too many requests: retry in ${limited.retryAfterSeconds}s.` }, headers: { 'Retry-After': String(limited.retryAfterSeconds) } };
    // The raw target, not a normalised URL: `/./release-flows/…`, `/x/../…`, absolute forms and escapes are not the webhook.
    const given = tokenOfTarget(req.url ?? '');
    if (given === undefined || !tokenMatches(given, options.token)) return { status: 404, body: { status: 'not-found' } };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'POST') return { status: 405, body: { status: 'method-not-allowed', message: 'Use GET or POST.' }, headers: { Allow: 'GET, POST' } };
    if (closing) return { status: 503, body: { status: 'closing', message: 'The webhook server is shutting down.' } };

    const entries: [string, string][] = [];
    if (req.method === 'POST') {
      let body: string;
      try {
        body = await readBody(req, maxBody);
      } catch (error) {
        if (error instanceof BodyTooLarge) return { status: 413, body: { status: 'too-large', message: `The body is over ${maxBody} bytes.` }, headers: { Connection: 'close' } };
        throw error;
      }
      const parsed = bodyEntries(body, req.headers['content-type']);
      if ('error' in parsed) return { status: parsed.status, body: { status: 'bad-request', message: parsed.error } };
      entries.push(...parsed.entries);
    }
    entries.push(...url.searchParams);
    names.push(...new Set(entries.map(([key]) => key)));

    let refs: string[];
    try {
      // Checked as the CLI checks it: a FIFO or a device put in the flow's place must not hold every request.
      refs = parseFlow((await readFlowFile(options.flowFile)).text).triggers.map((t) => t.ref).filter((r): r is string => r !== undefined);
    } catch (error) {
      if (!(error instanceof FlowFileError)) throw error;
      return { status: 500, body: { status: 'error', message: `Cannot read the flow: ${error.message}.` } };
    }
    const params = parseWebhookParams(entries, refs);
    if (!params.ok) return { status: 400, body: { status: 'bad-request', message: params.error } };
    const pause = await options.pause();
    if (pause.paused) {
      return { status: 202, body: { status: 'paused', message: `The release flow's triggers are paused, so the request did not start a run. ${pause.summary} Manual runs still work.` } };
    }
    const decision = await startRun(params, req.method, names);
    switch (decision.kind) {
      case 'started':
      case 'queued': {
        // The store may still say `pending` for a run that has just started.
        const queue = (await queueOf()).map((entry) => (entry.runId === decision.runId && decision.kind === 'started' ? { ...entry, status: 'running' } : entry));
        const message = decision.kind === 'started' ? 'The run started.' : `The run is queued behind ${decision.ahead?.length ?? 0} run(s) of this flow (concurrencyPolicy queue).`;
        return { status: 200, runId: decision.runId, body: { status: decision.kind === 'started' ? 'running' : 'queued', runId: decision.runId, message, queue, follow: `release-flow runs show ${decision.runId}` } };
      }
      case 'refused':
        return { status: 409, body: { status: 'refused', message: decision.reason, activeRuns: decision.activeRuns } };
      case 'dry-run-failed':
        return { status: 422, body: { status: 'dry-run-failed', message: 'The dry run failed: the run did not start.', problems: decision.problems } };
      case 'error':
        return { status: 500, body: { status: 'error', message: decision.message } };
    }
  };

  const server = http.createServer((req, res) => {
    const names: string[] = [];
    const send = (reply: Reply): void => {
      // A 1 MB parameter name must not make a 1 MB answer or log line.
      if (typeof reply.body?.message === 'string') reply.body.message = cutLongNames(reply.body.message);
      const entry: WebhookLogEntry = { at: new Date().toISOString(), method: req.method ?? '?', path: maskPath(req.url ?? '', options.token), params: names.map(cutLongNames), status: reply.status };
      if (reply.runId !== undefined) entry.runId = reply.runId;
      if (reply.status >= 400 && typeof reply.body?.message === 'string') entry.message = reply.body.message.split(options.token).join('***');
      try {
        options.log?.(entry);
      } catch {
        // A failing log must not lose the answer.
      }
      if (res.headersSent) return;
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}) + '\n');
    };
    handle(req, names).then(send, (error: unknown) => send({ status: 500, body: { status: 'error', message: (error as Error).message } }));
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, WEBHOOK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const idle = async (): Promise<void> => {
    while (runs.size > 0) await Promise.allSettled([...runs]);
  };
  return {
    url: `http://${WEBHOOK_HOST}:${port}${PREFIX}${options.token}`,
    port,
    idle,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const controller of controllers) controller.abort();
      await idle();
      server.closeAllConnections();
      await closed;
    },
  };
}
