/**
 * Deterministic generator of realistic, valid release flows of a given size,
 * for benchmarks and stress tests.
 *
 * The flow is a sequential root Workflow holding "stages". Each stage is a
 * sequential Workflow: a Build, a Condition waiting for it, then a parallel
 * Workflow of Releases (some of them wrapped in a nested sequential Workflow
 * with an AddonBackup, a JobRun and a Condition on the run). Expressions use
 * `${refs...}` (the trigger and earlier steps only, so every ref is available),
 * `${args...}` and `${fn...}`. The document carries one trigger, arguments and
 * a gitops block, and passes the schema and the core validators cleanly.
 */

interface Json {
  [key: string]: unknown;
}

/** mulberry32: small, fast, good enough for shaping test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['api', 'web', 'worker', 'gateway', 'search', 'billing', 'auth', 'media'];
const ADDONS = ['db', 'cache', 'queue', 'search-index'];

/** A flow of exactly `nodeCount` nodes (at least 1), as pretty-printed JSON. */
export function generateFlow(nodeCount: number, seed = 1): string {
  return JSON.stringify(generateFlowObject(nodeCount, seed), null, 2);
}

/** The same flow as a plain object, for callers that want to change it before serialising. */
export function generateFlowObject(nodeCount: number, seed = 1): Json {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let budget = Math.max(1, Math.floor(nodeCount)) - 1; // the root workflow is the first node
  let stage = 0;
  /** Arguments read by the generated expressions; only those are declared, so none is unused. */
  const usedArguments = new Map<string, string>();

  /** Takes one node from the budget; false when none is left. */
  const take = (): boolean => (budget > 0 ? (budget--, true) : false);

  const build = (s: number): Json => ({
    kind: 'Build',
    ref: `build-${s}`,
    spec: {
      id: `shop-builder-${s % 7}`,
      type: 'service',
      branch: '${refs.main-push.branch}',
      sha: '${refs.main-push.sha}',
      reuseExistingBuilds: true,
    },
    condition: 'success',
  });
  const buildCondition = (s: number): Json => ({
    kind: 'Condition',
    ref: `build-${s}-done`,
    spec: { kind: 'Build', spec: { type: 'success', data: { buildId: `\${refs.build-${s}.id}` } } },
  });
  const release = (s: number, i: number, service: string): Json => {
    const skip = `SKIP_${service.toUpperCase()}`;
    usedArguments.set(skip, 'false');
    return {
      kind: 'Release',
      ref: `release-${s}-${i}`,
      skipNodeExecution: `\${fn.eq(args.${skip}, 'true')}`,
      spec: {
        type: 'build',
        origin: { id: `shop-builder-${s % 7}`, branch: `\${refs.build-${s}.branch}`, build: `\${refs.build-${s}.id}` },
        target: { id: `shop-${service}-${s}`, type: 'service' },
      },
      condition: 'running',
      timeoutDuration: 600 + 60 * (i % 10),
    };
  };
  const backup = (s: number, i: number, addon: string): Json => ({
    kind: 'AddonBackup',
    ref: `backup-${s}-${i}`,
    spec: { addonId: `shop-${addon}-${s}`, backupType: random() < 0.5 ? 'snapshot' : 'dump' },
  });
  const jobRun = (s: number, i: number): Json => {
    usedArguments.set('ENVIRONMENT', 'staging');
    usedArguments.set('RELEASE_NOTE', 'weekly release');
    return {
      kind: 'JobRun',
      ref: `migrate-${s}-${i}`,
      spec: {
        jobId: `shop-migrate-${s}`,
        runtimeEnvironment: {
          BACKUP_ID: `\${refs.backup-${s}-${i}.id}`,
          ENVIRONMENT: '${fn.toUpper(args.ENVIRONMENT)}',
          RELEASE_NAME: `\${fn.slug(args.RELEASE_NOTE)}-${s}`,
        },
      },
      condition: 'success',
    };
  };
  const runCondition = (s: number, i: number): Json => ({
    kind: 'Condition',
    ref: `migrate-${s}-${i}-done`,
    spec: { kind: 'JobRun', spec: { type: 'success', data: { jobId: `shop-migrate-${s}`, runId: `\${refs.migrate-${s}-${i}.id}` } } },
  });
  const workflow = (type: 'sequential' | 'parallel', ref: string | undefined, steps: Json[]): Json =>
    ref === undefined ? { kind: 'Workflow', spec: { type, steps } } : { kind: 'Workflow', ref, spec: { type, steps } };

  /** A nested sequential workflow: backup, migration run, and a wait on the run. */
  const migration = (s: number, i: number): Json | undefined => {
    if (!take()) return undefined;
    const steps: Json[] = [];
    const node = workflow('sequential', `migration-${s}-${i}`, steps);
    if (take()) steps.push(backup(s, i, pick(ADDONS)));
    else return node;
    if (take()) steps.push(jobRun(s, i));
    else return node;
    if (take()) steps.push(runCondition(s, i));
    return node;
  };

  const makeStage = (s: number): Json | undefined => {
    if (!take()) return undefined;
    const steps: Json[] = [];
    const node = workflow('sequential', `stage-${s}`, steps);
    if (take()) steps.push(build(s));
    else return node;
    if (take()) steps.push(buildCondition(s));
    else return node;
    if (!take()) return node;
    const parallel: Json[] = [];
    steps.push(workflow('parallel', `deploy-${s}`, parallel));
    const width = 3 + Math.floor(random() * 6);
    for (let i = 0; i < width; i++) {
      if (random() < 0.3) {
        const nested = migration(s, i);
        if (!nested) break;
        parallel.push(nested);
      } else {
        if (!take()) break;
        parallel.push(release(s, i, pick(SERVICES)));
      }
    }
    return node;
  };

  const rootSteps: Json[] = [];
  while (budget > 0) {
    const next = makeStage(stage++);
    if (next) rootSteps.push(next);
  }

  return {
    $schema: 'https://release-flow-studio.dev/schemas/release-flow.schema.json',
    apiVersion: 'v1.2',
    arguments: Object.fromEntries(usedArguments),
    triggers: [
      {
        ref: 'main-push',
        vcsService: 'github',
        repoUrl: 'https://github.com/example-org/shop',
        branchRestrictions: ['main'],
        pathIgnoreRules: ['*.md', 'docs/**'],
      },
    ],
    options: { concurrencyPolicy: 'queue' },
    gitops: { vcsService: 'github', repoUrl: 'https://github.com/example-org/shop', branch: 'main', filePath: '/release-bench.json' },
    spec: workflow('sequential', undefined, rootSteps),
  };
}
