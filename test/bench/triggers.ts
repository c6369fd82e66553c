/**
 * Trigger evaluation at scale: 100 path rules (gitignore syntax, through the
 * `ignore` package) and 100 branch rules against a push of 10,000 changed
 * files, as `release-flow triggers` evaluates it, plus the explanation.
 */
import { performance } from 'node:perf_hooks';
import { parseFlow } from '../../core/document/parse';
import { firstMatchingRule } from '../../core/triggers/branchMatch';
import { evaluateTriggers } from '../../core/triggers/evaluate';
import type { PushEvent } from '../../core/git/events';
import { explainText } from '../../core/triggers/explain';
import { describePause } from '../../core/triggers/pause';
import { PathRules } from '../../core/triggers/pathRules';
import { seededRandom } from './generate';
import type { BenchTable } from './run';
import { medianOf } from './validation';

const RULES = 100;
const FILES = 10_000;
const ROUNDS = 7;

/** 100 rules of the shapes people write: extensions, folders, anchored paths, globstars, negations. */
export function pathRules(count = RULES): string[] {
  const shapes = [
    (i: number) => `*.ext${i}`,
    (i: number) => `docs/section-${i}/`,
    (i: number) => `/generated-${i}.json`,
    (i: number) => `**/fixtures-${i}/**`,
    (i: number) => `services/svc-${i}/**/*.snap`,
    (i: number) => `!docs/section-${i - 1}/keep.md`,
    (i: number) => `packages/*/test-${i}/`,
    (i: number) => `build-${i}`,
  ];
  return Array.from({ length: count }, (_, i) => (shapes[i % shapes.length] as (i: number) => string)(i));
}

export function changedFiles(count = FILES, seed = 5): string[] {
  const random = seededRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const exts = ['ts', 'md', 'json', 'snap', 'ext8', 'ext16', 'css'];
  return Array.from({ length: count }, (_, i) => {
    switch (pick(5)) {
      case 0:
        return `docs/section-${pick(120)}/page-${i}.md`;
      case 1:
        return `services/svc-${pick(120)}/src/module-${pick(50)}/file-${i}.${exts[pick(exts.length)]}`;
      case 2:
        return `packages/pkg-${pick(40)}/test-${pick(120)}/case-${i}.ts`;
      case 3:
        return `lib/fixtures-${pick(150)}/data-${i}.json`;
      default:
        return `src/area-${pick(30)}/file-${i}.${exts[pick(exts.length)]}`;
    }
  });
}

function time(work: () => unknown): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const start = performance.now();
    work();
    if (round > 0) times.push(performance.now() - start);
  }
  return medianOf(times);
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const us = (n: number): string => `${((n * 1000) / FILES).toFixed(2)} µs`;

export async function benchTriggers(): Promise<BenchTable> {
  const rules = pathRules();
  const files = changedFiles();
  const branches = files.map((f, i) => `feature/${f.split('/')[1]}-${i}`);
  const branchRules = Array.from({ length: RULES }, (_, i) => (i % 3 === 0 ? `release-${i}` : i % 3 === 1 ? `feature/area-${i}*` : `hotfix/*/${i}`));
  const flow = parseFlow(JSON.stringify({
    apiVersion: 'v1.2',
    triggers: [{ ref: 'push', vcsService: 'github', repoUrl: 'https://github.com/acme/shop', branchRestrictions: [...branchRules, 'main'], pathIgnoreRules: rules, ciIgnoreFlagsEnabled: true }],
    spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } },
  }));
  const event: PushEvent = {
    type: 'push', branch: 'main', from: 'a'.repeat(40), to: 'b'.repeat(40), origin: '', changedFiles: files,
    commits: Array.from({ length: 50 }, (_, i) => ({ sha: `${i}`.padStart(40, '0'), message: `Commit ${i}\n\nBody of the commit message ${i}.` })),
  };
  const context = { remotes: [{ name: 'origin', url: 'git@github.com:acme/shop.git' }], pause: describePause(undefined, false) };

  const compile = time(() => new PathRules(rules, false));
  // Fresh rules each round: `ignore` caches verdicts per path, and a second
  // evaluation of the same files would only measure that cache.
  const ignoreList = time(() => new PathRules(rules, false).evaluate(files));
  const allowList = time(() => new PathRules(rules, true).evaluate(files));
  const branchMatch = time(() => branches.map((b) => firstMatchingRule(branchRules, b)));
  const full = time(() => evaluateTriggers(flow, event, context));
  const evaluation = evaluateTriggers(flow, event, context);
  const text = time(() => explainText(evaluation));
  const json = time(() => JSON.stringify(evaluation));
  const kept = evaluation.triggers[0]?.checks.find((c) => c.check === 'path-rules')?.paths?.kept ?? 0;
  return {
    columns: ['what', 'median', 'per file / branch'],
    rows: [
      [`compile ${RULES} path rules`, ms(compile), ''],
      [`ignore list: compile + ${RULES} rules × ${FILES.toLocaleString('en')} files (verdict + rule per file)`, ms(ignoreList), us(ignoreList)],
      [`allow list: compile + ${RULES} rules × ${FILES.toLocaleString('en')} files`, ms(allowList), us(allowList)],
      [`branch rules: ${RULES} rules × ${FILES.toLocaleString('en')} branch names (picomatch)`, ms(branchMatch), us(branchMatch)],
      [`evaluateTriggers: 1 trigger, ${RULES + 1} branch + ${RULES} path rules, ${FILES.toLocaleString('en')} files, 50 commits`, ms(full), us(full)],
      ['explanation as text (20 files listed)', ms(text), ''],
      [`explanation as JSON (every file, ${(JSON.stringify(evaluation).length / 1024).toFixed(0)} KiB)`, ms(json), ''],
    ],
    notes: [`${kept.toLocaleString('en')} of ${FILES.toLocaleString('en')} files kept by the ignore list; median of ${ROUNDS} runs after one warm-up.`],
  };
}
