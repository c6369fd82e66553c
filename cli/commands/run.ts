import * as path from 'node:path';
import { readFlowFile } from '../../core/document/readFlowFile';
import { parseArgs } from 'node:util';
import type { TriggerValues } from '../../core/runs/events';
import { OverrideSyntaxError, runOverridesFromFlags, type RunOverrides } from '../../core/runs/overrides';
import { parseTriggerOverride, TriggerError } from '../../core/runner/runInputs';
import { runDescriptionProblem, runFlow, runNameProblem, type RunOutcome, type RunRequest } from '../../core/runner/session';
import { EXIT, UsageError, type CommandIo } from '../io';
import { parseFlow } from '../../core/document/parse';
import type { FlowModel } from '../../core/document/model';
import { preApproved, readDecision, type ApprovalGate } from '../../core/runner/approvals';
import { displayPath, RunPrinter } from '../runView';
import { abortable, openWorkspace, pipelineFor, realEnvironment, scenarioFrom } from '../runSetup';

export const RUN_USAGE = `Usage: release-flow run <file> [--arg K=V]... [--secret K=V]... [--trigger REF.FIELD=V]...
                        [--override REF.FIELD=V]... [--release-override ID.FIELD=V]... [--approve REF]...
                        [--name N] [--description D] [--scenario FILE] [--stage S]
                        [--pipeline FILE] [--dry-run] [--json]

Runs a release flow on the embedded simulated platform: build services build
commits of this Git repository, releases change what the stage's services and
jobs run, and the run is recorded in <repo>/.release-flow/ (never committed).
The flow is dry-run first: if a reference, argument or function cannot be
resolved, nothing runs.

  --arg K=V          argument value (repeatable); overrides "arguments"
  --secret K=V       secret argument value: masked everywhere it is shown
  --trigger R.F=V    Git trigger value, F one of branch, sha, repoUrl, pullRequestId
  --override R.F=V   replace field F of the spec of node R for this run (the API's "overrides");
                     F may be a dotted path (origin.imagePath builds {"origin": {"imagePath": V}})
  --release-override ID.F=V   replace field F of every Release deploying to service or job ID
                     (the API's "releaseNodeOverrides"); V is JSON when it reads as JSON
  --approve REF      approve the Approval node REF without asking (repeatable). Other
                     Approval nodes are asked on a terminal ([a]pprove / [r]eject); without a
                     terminal (or with --json) they fail, unless the scenario decides them
  --name, --description   name (3-39 characters) and describe the run
  --scenario FILE    script durations, failures and slow resources (schemas/scenario.schema.json)
  --stage S          the pipeline stage (default: from .northflank/pipeline.json or the file name)
  --pipeline FILE    pipeline description (default: the nearest .northflank/pipeline.json)
  --dry-run          only check that the run could start
  --json             one JSON event per line: dry-run, run-started, node-status, note, run-finished

Exit codes: 0 success, 1 failed, 2 usage or I/O error, 3 dry run failed,
4 refused by the concurrency policy, 130 aborted (Ctrl-C).`;

export function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} takes KEY=VALUE, not '${value}'.`);
    result[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return result;
}

/** The run request's overrides from `--override` and `--release-override` flags; undefined when none. */
export function runOverridesFrom(override: string[] | undefined, releaseOverride: string[] | undefined): RunOverrides | undefined {
  try {
    return runOverridesFromFlags(override, releaseOverride);
  } catch (error) {
    if (error instanceof OverrideSyntaxError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--approve REF` must name an Approval node of the flow. */
export function checkApprovalRefs(model: FlowModel, refs: readonly string[]): void {
  if (refs.length === 0) return;
  const approvals = model.nodes.filter((node) => node.tree === 'spec' && node.kind === 'Approval').map((node) => node.ref).filter((ref): ref is string => ref !== undefined);
  for (const ref of refs) {
    if (!approvals.includes(ref)) throw new UsageError(`--approve ${ref}: no Approval node has the ref '${ref}' (Approval nodes: ${approvals.join(', ') || 'none'}).`);
  }
}

/**
 * Approvals of a CLI run: `--approve REF` approves at once; otherwise the person at the terminal is asked
 * (`io` undefined with --json: nobody is asked, and the node fails saying how to decide).
 */
export function approvalGate(approved: ReadonlySet<string>, io: CommandIo | undefined, printer: RunPrinter): ApprovalGate {
  const ask = io?.ask;
  const person: ApprovalGate | undefined = ask && {
    decide: async (request, signal) => printer.whilePaused(async () => {
      for (;;) {
        const answer = await ask(`Approve ${request.label}? [a]pprove / [r]eject: `, signal);
        if (answer === undefined) return undefined;
        const decision = readDecision(answer);
        if (decision) return { decision, by: 'the person at the terminal' };
      }
    }),
  };
  return preApproved(approved, person);
}

export function exitCodeOf(outcome: RunOutcome, dryRunOnly: boolean): number {
  if (outcome.result === 'dry-run') return outcome.ok ? (dryRunOnly ? EXIT.ok : EXIT.failed) : EXIT.dryRunFailed;
  if (outcome.result === 'refused') return EXIT.refused;
  return outcome.status === 'success' ? EXIT.ok : outcome.status === 'aborted' ? EXIT.aborted : EXIT.failed;
}

export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      arg: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      trigger: { type: 'string', multiple: true },
      override: { type: 'string', multiple: true },
      'release-override': { type: 'string', multiple: true },
      approve: { type: 'string', multiple: true },
      name: { type: 'string' },
      description: { type: 'string' },
      scenario: { type: 'string' },
      stage: { type: 'string' },
      pipeline: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(RUN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file to run.');
  const nameProblem = values.name === undefined ? undefined : runNameProblem(values.name);
  if (nameProblem) throw new UsageError(`--name: ${nameProblem}`);
  const descriptionProblem = values.description === undefined ? undefined : runDescriptionProblem(values.description);
  if (descriptionProblem) throw new UsageError(`--description: ${descriptionProblem}`);
  const triggers: Record<string, Partial<TriggerValues>> = {};
  try {
    for (const override of values.trigger ?? []) parseTriggerOverride(override, triggers);
  } catch (error) {
    if (error instanceof TriggerError) throw new UsageError(`--trigger: ${error.message}`);
    throw error;
  }
  const overrides = runOverridesFrom(values.override, values['release-override']);
  const flowFile = path.resolve(io.cwd, positionals[0] as string);
  let flowText: string;
  try {
    // Read once here so that a FIFO, a device or a huge file is refused before anything starts.
    flowText = (await readFlowFile(flowFile)).text;
  } catch (error) {
    io.err(`release-flow: cannot read '${positionals[0]}': ${(error as Error).message}.`);
    return EXIT.usage;
  }
  checkApprovalRefs(parseFlow(flowText), values.approve ?? []);
  const scenario = await scenarioFrom(values.scenario, io);
  const workspace = await openWorkspace(path.dirname(flowFile), io);
  const pipeline = await pipelineFor(flowFile, values.pipeline, workspace, io);

  const dryRunOnly = values['dry-run'] === true;
  const printer = new RunPrinter(io, dryRunOnly);
  const request: RunRequest = {
    flowFile,
    args: pairs(values.arg, '--arg'),
    secretArgs: pairs(values.secret, '--secret'),
    triggers,
    onEvent: (event) => (values.json ? io.out(JSON.stringify(event)) : printer.handle(event)),
  };
  if (overrides) request.overrides = overrides;
  request.approvals = approvalGate(new Set(values.approve ?? []), values.json === true ? undefined : io, printer);
  if (values.name !== undefined) request.name = values.name;
  if (values.description !== undefined) request.description = values.description;
  if (values.stage !== undefined) request.stage = values.stage;
  if (pipeline !== undefined) request.pipeline = pipeline;
  if (scenario) {
    request.scenario = scenario.scenario;
    request.scenarioInfo = scenario.info;
  }
  if (dryRunOnly) request.dryRunOnly = true;
  const controller = new AbortController();
  request.signal = controller.signal;
  const outcome = await abortable(io, controller, () => runFlow(request, realEnvironment(workspace)));
  if (dryRunOnly && outcome.result === 'dry-run' && outcome.ok && !values.json) {
    io.out(`Dry run ok: ${displayPath(flowFile, io.cwd)} would run on ${outcome.stage ?? 'its stage'}; nothing was run.`);
  }
  return exitCodeOf(outcome, dryRunOnly);
}
