import { parseArgs } from 'node:util';
import { evaluateTriggers } from '../../core/triggers/evaluate';
import { explainText } from '../../core/triggers/explain';
import { EXIT, UsageError, type CommandIo } from '../io';
import { EVENT_OPTIONS, eventFrom, openFlow, pauseOf, reportingGitErrors } from '../triggerSetup';

export const TRIGGERS_USAGE = `Usage: release-flow triggers <file> [--push A..B [--branch NAME]]
                             [--pr BRANCH [--base BRANCH] [--draft] [--pr-id N]]
                             [--tag NAME] [--json]

Explains whether a Git event in this repository would start a run of the
flow, trigger by trigger and check by check: repository (repoUrl among the
remotes), branch or PR rules, drafts, path rules (each changed file, kept or
ignored by which rule), commit-message ignore flags, and pause.

  (no event)        a push of the current branch: its commits not yet on the
                    upstream; a new branch against its merge base with the
                    default branch; else the last commit
  --push A..B       a push of the commits B adds to A (or a single commit);
                    --branch says which branch when B is not one
  --pr BRANCH       a pull request from BRANCH into --base (default: the
                    default branch), three-dot diff; --draft, --pr-id N
  --tag NAME        a tag push (never fires: triggers match branch names)
  --json            the whole evaluation as JSON

Exit codes: 0 the flow would run, 5 it would not (no trigger fires, or the
triggers are paused), 2 usage or Git error (no repository, unknown branch...).`;

export async function triggersCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...EVENT_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(TRIGGERS_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file.');
  const context = await openFlow(positionals[0], io);
  if (typeof context === 'number') return context;
  return reportingGitErrors(io, async () => {
    const event = await eventFrom(values, context.history);
    const remotes = context.history ? await context.history.remotes() : [];
    const evaluation = evaluateTriggers(context.model, event, { remotes, pause: await pauseOf(context) });
    io.out(values.json ? JSON.stringify({ flowFile: context.flowFile, ...evaluation }, null, 2) : explainText(evaluation));
    return evaluation.wouldRun ? EXIT.ok : EXIT.notTriggered;
  });
}
