/**
 * Following a run on the platform (`release-flow remote run`), against the
 * fake platform on 127.0.0.1: the requests made to follow a 20-node run from
 * start to end, and the time from a node's change on the platform to the
 * event printed. Two fakes: one that moves a run one step per read (the
 * fewest requests any follower can make: one per change), and one whose runs
 * move on their own clock while the follower polls on its own (as on the
 * platform), where the latency is bounded by the poll interval.
 */
import { performance } from 'node:perf_hooks';
import { PlatformClient } from '../../core/northflank/client';
import { FakePlatform } from '../../core/northflank/fakePlatform';
import { followRun, RemoteRunTracker } from '../../core/northflank/remoteRuns';
import type { BenchTable } from './run';

const NODES = 20;
const TOKEN = 'bench-token';
const TARGET = { project: 'bench', pipeline: 'bench', stage: 'Development' };

function flow(): Record<string, unknown> {
  const steps = Array.from({ length: NODES - 1 }, (_, i) => ({ kind: 'Message', ref: `step-${i + 1}`, spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'm' } } }));
  return { apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function follow(options: { stepEveryMs?: number; pollMs: number }): Promise<{ requests: number; changes: number; latencies: number[]; ms: number }> {
  const fake = await FakePlatform.start(options.stepEveryMs === undefined ? { tokens: [TOKEN] } : { tokens: [TOKEN], stepEveryMs: options.stepEveryMs });
  try {
    fake.setFlow(TARGET, flow());
    const changedAt = new Map<string, number>();
    let changes = 0;
    fake.onNodeChange = (_run, ref, status) => {
      changes++;
      changedAt.set(`${ref ?? 'root'}:${status}`, performance.now());
    };
    const client = new PlatformClient({ token: TOKEN, source: 'bench', baseUrl: fake.url });
    const started = performance.now();
    const answer = (await client.runReleaseFlow(TARGET, {})) as { id: string };
    const latencies: number[] = [];
    const tracker = new RemoteRunTracker({ flowFile: '/bench/release-development.json', target: TARGET });
    const statusWord: Record<string, string> = { running: 'waiting', pending: 'waiting' };
    await followRun(client, TARGET, answer.id, tracker, {
      pollMs: options.pollMs,
      onEvent: (event) => {
        if (event.type !== 'node-status' || event.ref === undefined) return;
        const at = changedAt.get(`${event.ref}:${statusWord[event.status] ?? event.status}`);
        if (at !== undefined) latencies.push(performance.now() - at);
      },
    });
    return { requests: client.requests, changes, latencies, ms: performance.now() - started };
  } finally {
    await fake.close();
  }
}

export async function benchNorthflankFollow(): Promise<BenchTable> {
  const rows: string[][] = [];
  const perRead = await follow({ pollMs: 0 });
  rows.push(['one step per read', '0 ms', String(perRead.requests), String(perRead.changes), `${percentile(perRead.latencies, 50).toFixed(1)} ms`, `${percentile(perRead.latencies, 95).toFixed(1)} ms`, `${(perRead.ms / 1000).toFixed(2)} s`]);
  for (const [stepEveryMs, pollMs] of [[400, 200], [200, 400]] as const) {
    const timed = await follow({ stepEveryMs, pollMs });
    rows.push([`a step every ${stepEveryMs} ms`, `${pollMs} ms`, String(timed.requests), String(timed.changes), `${percentile(timed.latencies, 50).toFixed(1)} ms`, `${percentile(timed.latencies, 95).toFixed(1)} ms`, `${(timed.ms / 1000).toFixed(2)} s`]);
  }
  return {
    columns: ['platform', 'poll', 'requests', 'node changes', 'change→event p50', 'p95', 'run'],
    rows,
    notes: [
      `${NODES}-node run (a sequential workflow of ${NODES - 1} nodes); requests include the run request and every poll of the run details.`,
      'Real follows poll about every 2 s (slower when x-ratelimit-remaining runs low), so the latency is up to one poll interval plus the round trip.',
    ],
  };
}
