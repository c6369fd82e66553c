import { parseArgs } from 'node:util';
import type { ConfigRestoredEvent } from '../../core/runs/events';
import { restoreConfig, RollbackError } from '../../core/runs/rollback';
import { rollbackTo, type RollbackOptions } from '../../core/runner/rollback';
import { StoreError } from '../../core/runs/store';
import { closestName, didYouMean } from '../../core/text/suggest';
import { EXIT, UsageError, type CommandIo } from '../io';
import { displayPath, formatRecord, RunPrinter, seconds, shortId } from '../runView';
import { abortable, openWorkspace, pipelineFor, realEnvironment, scenarioFrom } from '../runSetup';
import { exitCodeOf } from './run';

export const RUNS_USAGE = `Usage: release-flow runs list [--json]
       release-flow runs show <id|prefix|latest> [--json]
       release-flow runs rollback <id|prefix|latest> [--config [--overwrite]] [--scenario FILE] [--pipeline FILE] [--json]

The runs recorded in this repository's .release-flow/ folder. <id> is a run
id, a unique prefix of one, or 'latest'.

  list       every run, newest first (corrupt records are reported, never deleted)
  show       one run: arguments, trigger values, each node's statuses, attempts,
             outputs and errors, and the stage state it left
  rollback   returns the run's stage to the state that run left, through a new
             recorded rollback run; with --config, also writes the flow
             configuration of that run to <file>.rollback-<id>.json, or over
             the flow file itself with --overwrite

Exit codes: 0 ok, 1 rollback failed, 2 usage or unknown run, 3 dry run failed,
4 refused by the concurrency policy, 130 aborted.`;

export async function runsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      config: { type: 'boolean' },
      overwrite: { type: 'boolean' },
      scenario: { type: 'string' },
      pipeline: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, id, ...extra] = positionals;
  if (values.help) {
    io.out(RUNS_USAGE);
    return EXIT.ok;
  }
  if (action === undefined) throw new UsageError('Name an action: list, show or rollback.');
  if (!['list', 'show', 'rollback'].includes(action)) throw new UsageError(`Unknown action '${action}': use list, show or rollback.${didYouMean(closestName(action, ['list', 'show', 'rollback']))}`);
  if (action === 'list' ? id !== undefined : id === undefined || extra.length > 0) throw new UsageError(action === 'list' ? 'runs list takes no run id.' : `runs ${action} takes one run id.`);
  if (values.overwrite && !values.config) throw new UsageError('--overwrite only goes with --config.');
  if (action !== 'rollback' && (values.config || values.scenario !== undefined || values.pipeline !== undefined)) throw new UsageError('--config, --scenario and --pipeline go with runs rollback.');
  const workspace = await openWorkspace(io.cwd, io);
  const store = workspace.store;

  if (action === 'list') {
    const { runs, corrupt } = await store.list();
    for (const bad of corrupt) io.err(`release-flow: cannot read ${bad.file}: ${bad.error} (left as it is).`);
    if (values.json) {
      io.out(JSON.stringify({ runs, corrupt }, null, 2));
      return EXIT.ok;
    }
    if (runs.length === 0) {
      io.out(`No runs recorded in ${displayPath(store.folder, io.cwd)} yet.`);
      return EXIT.ok;
    }
    const rows = runs.map((run) => [
      shortId(run.id),
      run.createdAt.slice(0, 19).replace('T', ' '),
      run.status,
      run.startedAt && run.concludedAt ? seconds(Date.parse(run.concludedAt) - Date.parse(run.startedAt)) : '',
      run.stage,
      displayPath(run.flowFile, io.cwd),
      run.kind === 'rollback' ? `rollback of ${shortId(run.rollbackOf ?? '')}` : 'release',
      run.name ? `"${run.name}"` : '',
      run.source === 'northflank' ? `[northflank ${run.remote ? `${run.remote.project}/${run.remote.pipeline}` : ''}]` : '',
    ]);
    for (const line of table(['RUN', 'CREATED (UTC)', 'STATUS', 'TOOK', 'STAGE', 'FLOW', 'KIND', 'NAME', 'SOURCE'], rows, new Set([3]))) io.out(line);
    return EXIT.ok;
  }

  let target;
  try {
    target = await store.get(id as string);
  } catch (error) {
    if (error instanceof StoreError) {
      io.err(`release-flow runs: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
  if (action === 'show') {
    if (values.json) io.out(JSON.stringify(target, null, 2));
    else for (const line of formatRecord(target, io.cwd)) io.out(line);
    return EXIT.ok;
  }

  const printer = new RunPrinter(io);
  const controller = new AbortController();
  const options: RollbackOptions = { signal: controller.signal, onEvent: (event) => (values.json ? io.out(JSON.stringify(event)) : printer.handle(event)) };
  const scenario = await scenarioFrom(values.scenario, io);
  if (scenario) {
    options.scenario = scenario.scenario;
    options.scenarioInfo = scenario.info;
  }
  const pipeline = await pipelineFor(target.flow.file, values.pipeline, workspace, io);
  if (pipeline) options.pipeline = pipeline;
  let code: number;
  try {
    const outcome = await abortable(io, controller, () => rollbackTo(target, realEnvironment(workspace), options));
    code = exitCodeOf(outcome, false);
  } catch (error) {
    if (!(error instanceof RollbackError)) throw error;
    io.err(`release-flow runs rollback: ${error.message}`);
    return EXIT.usage;
  }
  if (values.config) {
    try {
      const restored = await restoreConfig(target, values.overwrite === true);
      const event: ConfigRestoredEvent = { type: 'config-restored', runId: target.id, ...restored };
      if (values.json) io.out(JSON.stringify(event));
      else io.out(restored.message);
    } catch (error) {
      if (!(error instanceof RollbackError)) throw error;
      io.err(`release-flow runs rollback --config: ${error.message}`);
      return code === EXIT.ok ? EXIT.usage : code;
    }
  }
  return code;
}

/** Columns padded to their widest cell, two spaces apart; `rightAligned` holds the indexes of numeric columns. */
function table(headers: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)];
}
