/**
 * The runner on a 10,000-node flow whose operations take no time: what is
 * left is the scheduler's own cost (resolving each node, its events, the
 * simulated platform's bookkeeping, the run record). Targets: under 1 s and
 * under 300 MB.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RealClock, SeededIds } from '../../core/runs/clock';
import { instantScenario } from '../../core/simulation/scenario';
import { runFlow, type RunEnvironment } from '../../core/runner/session';
import { RunStore } from '../../core/runs/store';
import { MemoryWorld } from '../../core/simulation/world';
import type { BenchTable } from './run';

const NODES = 10_000;
const GROUPS = 99;
const TARGET_MS = 1000;
const TARGET_MB = 300;

/**
 * Exactly 10,000 nodes (by default): a sequential root holding 99 parallel workflows of 100
 * leaves each. Every group deploys 30 services, waits for 30 of the previous
 * group's to run (Condition nodes), and sends 40 messages that read refs of
 * the previous group and arguments.
 */
export function benchFlow(groups = GROUPS): string {
  const steps: unknown[] = [];
  for (let g = 0; g < groups; g++) {
    const leaves: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      const service = `svc-${g}-${i % 30}`;
      if (i < 30) {
        leaves.push({ kind: 'Release', ref: `deploy-${g}-${i}`, spec: { type: 'registry', origin: { imagePath: `registry.example.com/app:${g}` }, target: { id: service, type: 'service' } } });
      } else if (i < 60 && g > 0) {
        leaves.push({ kind: 'Condition', ref: `up-${g}-${i}`, spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: `svc-${g - 1}-${i % 30}`, timeoutDuration: 60 } } } });
      } else {
        const message = g > 0 ? `group ${g}: \${refs.deploy-${g - 1}-${i % 30}.external.imagePath} for \${fn.toUpper(args.TEAM)}` : `first group for \${args.TEAM}`;
        leaves.push({ kind: 'Message', ref: `note-${g}-${i}`, spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/bench', message } } });
      }
    }
    steps.push({ kind: 'Workflow', spec: { type: 'parallel', steps: leaves } });
  }
  return JSON.stringify({ apiVersion: 'v1.2', arguments: { TEAM: 'platform' }, spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2);
}

interface Measure {
  totalMs: number;
  runMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  nodes: number;
  status: string;
}

async function measure(text: string, store: RunStore | undefined): Promise<Measure> {
  const env: RunEnvironment = { clock: new RealClock(), ids: new SeededIds(1), git: undefined, store, world: new MemoryWorld() };
  let peakHeap = process.memoryUsage().heapUsed;
  let started = 0;
  let finished = 0;
  let count = 0;
  let nodes = 0;
  const begin = performance.now();
  const outcome = await runFlow(
    {
      flowFile: path.join(store?.folder ?? os.tmpdir(), 'release-bench.json'),
      flowText: text,
      scenario: instantScenario(),
      onEvent: (event) => {
        if (event.type === 'run-started') {
          started = performance.now();
          nodes = event.nodes.length;
        }
        if (event.type === 'run-finished') finished = performance.now();
        if (++count % 2000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      },
    },
    env,
  );
  const end = performance.now();
  return {
    totalMs: end - begin,
    runMs: finished - started,
    // maxRSS is the process's true peak (in KB): this runs in a process of its own.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: Math.max(peakHeap, process.memoryUsage().heapUsed) / 1048576,
    nodes,
    status: outcome.result === 'finished' ? outcome.status : outcome.result,
  };
}

/** One measurement in a fresh process, so that other benchmarks' memory does not count. */
function measureInChild(onDisk: boolean): Promise<Measure> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [__filename, '--measure', onDisk ? 'disk' : 'memory'], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as Measure);
    });
  });
}

async function child(onDisk: boolean): Promise<void> {
  // Warm-up on a tenth of the flow: JIT and module loading are not the scheduler's cost, and a
  // small warm-up keeps the process's peak memory that of the measured run.
  await measure(benchFlow(10), undefined);
  const text = benchFlow();
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-bench-'));
  try {
    const store = onDisk ? (await RunStore.open(folder)).store : undefined;
    process.stdout.write(JSON.stringify(await measure(text, store)) + '\n');
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

export async function benchRunner(): Promise<BenchTable> {
  const results: [string, Measure][] = [['history in memory', await measureInChild(false)], ['history on disk', await measureInChild(true)]];
  const rows = results.map(([label, m]) => [label, String(m.nodes), m.status, m.totalMs.toFixed(0), m.runMs.toFixed(0), ((m.runMs * 1000) / m.nodes).toFixed(1), m.peakRssMb.toFixed(0), m.peakHeapMb.toFixed(0)]);
  const [, memory] = results[0] as [string, Measure];
  const [, disk] = results[1] as [string, Measure];
  const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  return {
    columns: ['runner, zero-duration nodes', 'nodes', 'status', 'total ms', 'run ms', 'µs/node', 'peak RSS MB', 'peak heap MB'],
    rows,
    notes: [
      `${NODES} nodes: ${GROUPS} parallel groups of 100 (releases, conditions on the previous group's services, messages reading refs and args), every duration 0. Each row runs in a fresh process.`,
      'run = run-started to run-finished (the scheduler, the simulated platform, events, masking, the record); total adds parsing, validation with the JSON schema and the dry run.',
      `Targets: run under ${TARGET_MS} ms: ${met(memory.runMs < TARGET_MS && disk.runMs < TARGET_MS)} (${memory.runMs.toFixed(0)} / ${disk.runMs.toFixed(0)} ms); under ${TARGET_MB} MB peak RSS: ${met(memory.peakRssMb < TARGET_MB && disk.peakRssMb < TARGET_MB)} (${memory.peakRssMb.toFixed(0)} / ${disk.peakRssMb.toFixed(0)} MB).`,
      `Per-node scheduling overhead: ${((memory.runMs * 1000) / memory.nodes).toFixed(1)} µs in memory, ${((disk.runMs * 1000) / disk.nodes).toFixed(1)} µs with the history written to disk as the run goes.`,
    ],
  };
}

if (require.main === module && process.argv[2] === '--measure') {
  void child(process.argv[3] === 'disk');
}
