import { parseArgs } from 'node:util';
import { evaluateTriggers, firedTriggerValues } from '../../core/triggers/evaluate';
import { explainText } from '../../core/triggers/explain';
import { EXIT, UsageError, type CommandIo } from '../io';
import { eventFrom, openFlow, pauseOf, reportingGitErrors, RUN_INPUT_OPTIONS } from '../triggerSetup';
import { runCommand } from './run';

export const SIMULATE_USAGE = `Usage: release-flow simulate push <file> [A..B] [--branch NAME] [run options]
       release-flow simulate pr <file> <BRANCH> [--base BRANCH] [--draft] [--pr-id N] [run options]

Simulates the platform's Git triggers: evaluates the event as 'release-flow
triggers' does, prints why, and when a trigger fires (and the triggers are not
paused) runs the flow as 'release-flow run' does, with the event's values as
\${refs.<trigger>.branch|sha|repoUrl|pullRequestId}.

  push [A..B]       the commits B adds to A; by default the current branch's
                    commits not yet on its upstream (see 'triggers --help')
  pr <BRANCH>       a pull request from BRANCH into --base (default branch)

Run options, passed to 'run': --arg K=V, --secret K=V, --override REF.FIELD=V,
--release-override ID.FIELD=V, --approve REF, --name, --description,
--scenario FILE, --stage S, --pipeline FILE, --json (the evaluation is then
printed as one JSON line of type "trigger-evaluation" before the run events).

Exit codes: those of 'run' when the flow runs (0 success, 1 failed, 3 dry run
failed, 4 refused by the concurrency policy, 130 aborted); 5 when no trigger
fires or the triggers are paused; 2 usage or Git error.`;

const FORWARDED = ['arg', 'secret', 'override', 'release-override', 'approve', 'name', 'description', 'scenario', 'stage', 'pipeline'] as const;

export async function simulateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      branch: { type: 'string' },
      base: { type: 'string' },
      draft: { type: 'boolean' },
      'pr-id': { type: 'string' },
      ...RUN_INPUT_OPTIONS,
      override: { type: 'string', multiple: true },
      'release-override': { type: 'string', multiple: true },
      approve: { type: 'string', multiple: true },
      name: { type: 'string' },
      description: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SIMULATE_USAGE);
    return EXIT.ok;
  }
  const [kind, file, target, ...extra] = positionals;
  if (kind !== 'push' && kind !== 'pr') throw new UsageError(kind === undefined ? 'Say what to simulate: push or pr.' : `Unknown event '${kind}': use push or pr.`);
  if (file === undefined) throw new UsageError('Name the release-flow file.');
  if (extra.length > 0 || (kind === 'pr' && target === undefined)) throw new UsageError(kind === 'pr' ? 'simulate pr takes the file and the head branch.' : 'simulate push takes the file and at most one range A..B.');
  if (kind === 'push' && (values.base !== undefined || values.draft || values['pr-id'] !== undefined)) throw new UsageError('--base, --draft and --pr-id go with simulate pr.');
  if (kind === 'pr' && values.branch !== undefined) throw new UsageError('--branch goes with simulate push.');
  const context = await openFlow(file, io);
  if (typeof context === 'number') return context;

  return reportingGitErrors(io, async () => {
    const flags = kind === 'pr' ? { pr: target, base: values.base, draft: values.draft, 'pr-id': values['pr-id'] } : { push: target, branch: values.branch };
    const event = await eventFrom(flags, context.history);
    const remotes = context.history ? await context.history.remotes() : [];
    const evaluation = evaluateTriggers(context.model, event, { remotes, pause: await pauseOf(context) });
    if (values.json) io.out(JSON.stringify({ type: 'trigger-evaluation', flowFile: context.flowFile, ...evaluation }));
    else io.out(explainText(evaluation) + (evaluation.wouldRun ? '\n' : ''));
    if (!evaluation.wouldRun) return EXIT.notTriggered;

    // The run itself is exactly 'release-flow run' with the event's trigger values.
    const runArgv = [context.flowFile];
    for (const [ref, v] of Object.entries(firedTriggerValues(evaluation))) {
      for (const field of ['branch', 'sha', 'repoUrl', 'pullRequestId'] as const) {
        if (v[field] !== null) runArgv.push('--trigger', `${ref}.${field}=${v[field]}`);
      }
    }
    for (const option of FORWARDED) {
      const value = values[option];
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) runArgv.push(`--${option}`, item);
    }
    if (values.json) runArgv.push('--json');
    return runCommand(runArgv, io);
  });
}
