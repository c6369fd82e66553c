import { parseArgs } from 'node:util';
import { explainText } from '../../core/triggers/explain';
import { readPauseState } from '../../core/triggers/pause';
import { DEFAULT_DEBOUNCE_MS, watchFlow } from '../../core/triggers/watch';
import { EXIT, UsageError, type CommandIo } from '../io';
import { displayPath } from '../runView';
import { realEnvironment } from '../runSetup';
import { backgroundRunLine, openFlow, RUN_INPUT_OPTIONS, runInputsFrom, untilInterrupted } from '../triggerSetup';

export const WATCH_USAGE = `Usage: release-flow watch <file> [--debounce MS] [--arg K=V]... [--secret K=V]...
                          [--approve REF]... [--scenario FILE] [--stage S] [--pipeline FILE] [--json]

Runs the flow on commit: watches the repository's refs (no polling) and,
${DEFAULT_DEBOUNCE_MS} ms after they settle, treats the new commits of the
checked-out branch as a push of that branch. It evaluates the flow's Git
triggers, prints the explanation, and starts a run when a trigger fires and
the triggers are not paused (the concurrency policy applies). Checking out
another branch or resetting backwards starts nothing. Ctrl-C stops, aborting
runs still going.

  --approve REF   approve the Approval node REF in every run (repeatable); nobody
                  is asked about the others: they fail, saying so, unless the
                  scenario decides them
  --json   one JSON line per evaluation ("trigger-evaluation") and run event`;

export async function watchCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...RUN_INPUT_OPTIONS, debounce: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(WATCH_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file.');
  const debounceMs = values.debounce === undefined ? DEFAULT_DEBOUNCE_MS : Number(values.debounce);
  if (!Number.isInteger(debounceMs) || debounceMs < 0) throw new UsageError(`--debounce takes milliseconds, not '${values.debounce}'.`);
  const context = await openFlow(positionals[0], io);
  if (typeof context === 'number') return context;
  if (!context.history) {
    io.err(`release-flow: ${displayPath(context.flowFile, io.cwd)} is not inside a Git repository: there are no commits to watch.`);
    return EXIT.usage;
  }
  const runDefaults = await runInputsFrom(values, context, io);

  const watcher = await watchFlow({
    flowFile: context.flowFile, env: realEnvironment(context.workspace), runDefaults, debounceMs,
    pause: (filePaused) => readPauseState(context.workspace.store.folder, context.flowKey, filePaused),
    onDecision: (evaluation) => io.out(values.json ? JSON.stringify({ type: 'trigger-evaluation', flowFile: context.flowFile, ...evaluation }) : `\n${explainText(evaluation)}`),
    onRunEvent: (event) => {
      if (values.json) return io.out(JSON.stringify(event));
      const line = backgroundRunLine(event, io.cwd, io.command);
      if (line) io.out(line);
    },
    onNote: (message) => io.err(`note: ${message}`),
    onError: (error) => io.err(`release-flow watch: ${error.message}`),
  });
  const head = await context.history.head().catch(() => undefined);
  io.err(`Watching ${displayPath(context.workspace.root, io.cwd) || '.'} for commits${head?.branch ? ` on '${head.branch}'` : ''} (Ctrl-C stops)…`);
  const interrupted = untilInterrupted(io);
  await interrupted.promise;
  interrupted.dispose();
  await watcher.close();
  return EXIT.ok;
}
