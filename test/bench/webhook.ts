/**
 * The webhook under load: 200 concurrent requests on one server with the
 * rate limit off, as `release-flow webhook` serves them (real HTTP on
 * 127.0.0.1, real clock, the state folder on disk), for an `allow` flow and
 * a `forbid` one. Prints throughput, latency and the answers' statuses.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RandomIds, RealClock } from '../../core/runs/clock';
import { RunStore } from '../../core/runs/store';
import { instantScenario } from '../../core/simulation/scenario';
import { readPauseState } from '../../core/triggers/pause';
import { startWebhookServer } from '../../core/webhook/server';
import type { BenchTable } from './run';

const CONCURRENT = 200;

function flowText(policy: string): string {
  return JSON.stringify({
    apiVersion: 'v1.2',
    options: { concurrencyPolicy: policy },
    spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Message', ref: 'notify', spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'hello' } } }] } },
  }, null, 2);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** `forbid` runs last an hour, so that every request arrives while the first run goes on. */
async function load(policy: 'allow' | 'forbid'): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-bench-webhook-'));
  try {
    const flowFile = path.join(dir, 'release-development.json');
    await fs.writeFile(flowFile, flowText(policy));
    const { store } = await RunStore.open(path.join(dir, '.release-flow'));
    const server = await startWebhookServer({
      flowFile, token: 'bench-token-0123456789abcdefghijklmnopqrstuv', env: { clock: new RealClock(), ids: new RandomIds(), git: undefined, store },
      runDefaults: { scenario: policy === 'forbid' ? { ...instantScenario(), durations: { ...instantScenario().durations, Message: 3_600_000 } } : instantScenario() }, pause: () => readPauseState(store.folder, '/release-development.json', false), rate: { perMinute: 1e9, burst: 1e9 },
    });
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, async () => {
      const sent = performance.now();
      const response = await fetch(server.url, { method: 'POST' });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }));
    const answered = performance.now() - started;
    // forbid: the one run is aborted by close(); allow: every run is waited for.
    if (policy === 'allow') await server.idle();
    const finished = performance.now() - started;
    await server.close();
    latencies.sort((a, b) => a - b);
    const runs = (await store.list()).runs.length;
    return [
      policy, String(CONCURRENT), [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' '),
      (CONCURRENT / (answered / 1000)).toFixed(0), percentile(latencies, 50).toFixed(0), percentile(latencies, 95).toFixed(0), policy === 'allow' ? (finished / 1000).toFixed(2) : '-', String(runs),
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function benchWebhook(): Promise<BenchTable> {
  return {
    columns: ['policy', 'requests', 'answers', 'requests/s', 'p50 ms', 'p95 ms', 'all runs done s', 'runs'],
    rows: [await load('allow'), await load('forbid')],
    notes: [`${CONCURRENT} concurrent POSTs at once, rate limit off; each accepted request dry-runs and runs a one-node flow (instant scenario). forbid: the run lasts an hour, so exactly one run starts and the others get 409.`],
  };
}
