import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkTreeFile } from '../../core/git/workTreeFile';
import { checkFlowForCommit, describeDiagnostic } from '../../core/gitops/checks';
import { PlatformError, RUN_LIST_STATUSES, type RunRequestBody } from '../../core/northflank/client';
import { diffWithPlatform, flowOfPlatform, flowText, formatFlowDiff, type FlowDiff } from '../../core/northflank/flowDiff';
import { followRun, RemoteRunRecorder, RemoteRunTracker, runStatusOf, startedRunId, type FollowOutcome } from '../../core/northflank/remoteRuns';
import { describeTarget, TargetError, writeLink } from '../../core/northflank/target';
import { RunRecorder } from '../../core/runs/recorder';
import { currentOwner } from '../../core/runs/stateFiles';
import { RECORD_FORMAT } from '../../core/runs/store';
import { OverrideSyntaxError, parseOverrideFlags } from '../../core/runs/overrides';
import type { RunEvent } from '../../core/runs/events';
import { runDescriptionProblem, runNameProblem } from '../../core/runner/session';
import { closestName, didYouMean } from '../../core/text/suggest';
import { EXIT, UsageError, type CommandIo } from '../io';
import { displayPath, formatRecord, RunPrinter, shortId } from '../runView';
import { envOf, linkKey, openRemote, readRemoteFlow, SetupError, TARGET_OPTIONS, type RemoteContext } from '../remoteSetup';
import { pairs } from './run';

export const REMOTE_USAGE = `Usage: release-flow remote link <file> --project P --pipeline L [--stage S] [--team T]
       release-flow remote diff <file> [--json]
       release-flow remote pull <file> [--force]
       release-flow remote push <file> [--yes]
       release-flow remote run <file> [--arg K=V]... [--name N] [--description D]
                               [--override REF.FIELD=V]... [--release-override ID.FIELD=V]...
                               [--no-follow] [--abort-on-interrupt] [--json]
       release-flow remote runs <file> list [--status S] [--limit N] [--json]
       release-flow remote runs <file> show|follow|abort <id> [--json]
       release-flow remote pause|resume <file>

The flow on Northflank: compare it with the file, pull it, push the file,
run it there and follow its runs. Every command also takes
--project P --pipeline L --stage S --team T (else NORTHFLANK_PROJECT,
NORTHFLANK_PIPELINE, NORTHFLANK_STAGE, NORTHFLANK_TEAM, else the link saved by
'remote link' in .northflank/release-flow-links.json; the stage defaults to
the one the file maps to). Token: NORTHFLANK_TOKEN, else the northflank CLI's
current context; API: NORTHFLANK_API_URL (default https://api.northflank.com).

  link      save the file's project, pipeline and stage (committed; no token)
  diff      the file against the platform's flow, by node ref; exit 1 when they differ
  pull      write the platform's flow into the file (a backup of the file is kept);
            refuses when the file has uncommitted changes, unless --force
  push      validate, show the diff, update the platform's flow; a flow with
            gitops set needs --yes (the platform syncs it from Git)
  run       start a run and follow it (polls about every 2 s) with the live tree;
            Ctrl-C detaches (the run goes on), --abort-on-interrupt aborts it
  runs      list (newest first, following pages up to --limit, default 50),
            show, follow or abort a run
  pause     set options.paused on the platform (Git triggers start no run)

Exit codes: 0 ok (identical, success), 1 different, run failed or refused
before any change, 2 usage, missing target or token, 6 the platform refused
or failed (bad token, not found, rate limit exhausted, server error after
retries), 130 interrupted (detached or aborted).`;

const ACTIONS = ['link', 'diff', 'pull', 'push', 'run', 'runs', 'pause', 'resume'] as const;
type Action = (typeof ACTIONS)[number];

const OPTIONS = {
  ...TARGET_OPTIONS,
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  yes: { type: 'boolean' },
  arg: { type: 'string', multiple: true },
  name: { type: 'string' },
  description: { type: 'string' },
  override: { type: 'string', multiple: true },
  'release-override': { type: 'string', multiple: true },
  'no-follow': { type: 'boolean' },
  'abort-on-interrupt': { type: 'boolean' },
  status: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}

const ALLOWED: Record<Action, readonly string[]> = {
  link: [],
  diff: ['json'],
  pull: ['force'],
  push: ['yes'],
  run: ['arg', 'name', 'description', 'override', 'release-override', 'no-follow', 'abort-on-interrupt', 'json'],
  runs: ['status', 'limit', 'json', 'abort-on-interrupt'],
  pause: [],
  resume: [],
};

export async function remoteCommand(argv: string[], terminalIo: CommandIo): Promise<number> {
  const { values, positionals } = parse(argv);
  // --json output stays clean: no waiting line, even on a terminal.
  const { progress, ...quiet } = terminalIo;
  const io: CommandIo = values.json || !progress ? quiet : terminalIo;
  if (values.help) {
    io.out(REMOTE_USAGE);
    return EXIT.ok;
  }
  const [action, file, ...rest] = positionals;
  if (action === undefined) throw new UsageError(`Name an action: ${ACTIONS.join(', ')}.`);
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`Unknown action '${action}': use ${ACTIONS.join(', ')}.`);
  if (file === undefined) throw new UsageError(`remote ${action} takes a release-flow file.`);
  const allowed = new Set([...Object.keys(TARGET_OPTIONS), 'help', ...ALLOWED[action as Action]]);
  const wrong = Object.keys(values).filter((key) => !allowed.has(key));
  if (wrong.length > 0) throw new UsageError(`--${wrong[0]} does not go with remote ${action}.`);
  if (action !== 'runs' && rest.length > 0) throw new UsageError(`remote ${action} takes one file, not '${rest.join(' ')}'.`);
  try {
    switch (action as Action) {
      case 'link':
        return await link(file, values, io);
      case 'diff':
        return await diff(file, values, io);
      case 'pull':
        return await pull(file, values, io);
      case 'push':
        return await push(file, values, io);
      case 'run':
        return await run(file, values, io);
      case 'runs':
        return await runs(file, rest, values, io);
      case 'pause':
      case 'resume':
        return await pause(file, action === 'pause', values, io);
    }
  } catch (error) {
    if (error instanceof PlatformError) {
      // The client's messages name the file generically; here it is known.
      io.err(`release-flow remote ${action}: ${error.message.replaceAll('remote runs <file> list', `remote runs ${file} list`)}`);
      return EXIT.platform;
    }
    if (error instanceof SetupError || error instanceof TargetError) {
      io.err(`release-flow remote ${action}: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

async function link(file: string, values: Values, io: CommandIo): Promise<number> {
  if (!values.project || !values.pipeline) throw new UsageError('remote link needs --project P and --pipeline L.');
  const flow = await readRemoteFlow(file, io);
  const entry: Parameters<typeof writeLink>[2] = { project: values.project, pipeline: values.pipeline };
  if (values.stage) entry.stage = values.stage;
  if (values.team) entry.team = values.team;
  const written = await writeLink(flow.root, linkKey(flow), entry);
  io.out(`Linked ${flow.display} to project ${entry.project}, pipeline ${entry.pipeline}${entry.stage ? `, stage ${entry.stage}` : ' (stage: the one the file maps to)'}${entry.team ? `, team ${entry.team}` : ''} in ${displayPath(written, io.cwd)} (commit it; it holds no token).`);
  return EXIT.ok;
}

async function platformDiff(context: RemoteContext): Promise<{ diff: FlowDiff; remote: Record<string, unknown>; updatedAt: string }> {
  const result = await context.client.getReleaseFlow(context.target);
  const remote = flowOfPlatform(result as unknown as Record<string, unknown>);
  return { diff: diffWithPlatform(context.text, remote), remote, updatedAt: result.updatedAt };
}

/** A file that is not JSON cannot be compared (exit 2); `pull` may still replace it. */
function assertJson(context: RemoteContext): void {
  try {
    JSON.parse(context.text);
  } catch (error) {
    throw new SetupError(`${context.display} is not valid JSON (${(error as Error).message}); 'release-flow validate ${context.display}' shows where.`);
  }
}

async function diff(file: string, values: Values, io: CommandIo): Promise<number> {
  const context = await openRemote(file, values, io);
  assertJson(context);
  const { diff } = await platformDiff(context);
  if (values.json) io.out(JSON.stringify({ file: context.display, target: context.target, ...diff }, null, 2));
  else {
    io.out(`${context.display} against ${describeTarget(context.target)}:`);
    for (const line of formatFlowDiff(diff)) io.out(`  ${line}`);
  }
  return diff.identical ? EXIT.ok : EXIT.failed;
}

/** How Git holds the file: as it is now, changed, not tracked at all; undefined outside a repository. */
async function gitHolds(flowFile: string, text: string): Promise<'as-is' | 'changed' | 'untracked' | undefined> {
  let tree: WorkTreeFile;
  try {
    tree = await WorkTreeFile.open(flowFile);
  } catch {
    return undefined;
  }
  if (!(await tree.isTracked())) return 'untracked';
  return (await tree.headText()) === text ? 'as-is' : 'changed';
}

async function pull(file: string, values: Values, io: CommandIo): Promise<number> {
  const context = await openRemote(file, values, io, true);
  const exists = await fs.stat(context.flowFile).then(() => true, () => false);
  const { diff, remote } = await platformDiff(context);
  if (!exists) {
    await fs.mkdir(path.dirname(context.flowFile), { recursive: true });
    await fs.writeFile(context.flowFile, flowText(remote));
    io.out(`Pulled the flow of ${describeTarget(context.target)} into ${context.display} (a new file).`);
    return EXIT.ok;
  }
  if (diff.identical) {
    io.out(`${context.display} already holds the flow of ${describeTarget(context.target)}; nothing written.`);
    return EXIT.ok;
  }
  const held = await gitHolds(context.flowFile, context.text);
  if ((held === 'changed' || held === 'untracked') && !values.force) {
    const why = held === 'changed' ? 'has uncommitted changes; commit or stash them' : 'is not committed (Git does not track it); commit it';
    io.err(`release-flow remote pull: ${context.display} ${why}, or pass --force (a backup is kept either way).`);
    return EXIT.failed;
  }
  const backups = path.join(context.workspace.store.folder, 'backups');
  await fs.mkdir(backups, { recursive: true });
  const backup = path.join(backups, `${path.basename(context.flowFile, '.json')}.${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await fs.writeFile(backup, context.text);
  await fs.writeFile(context.flowFile, flowText(remote));
  io.out(`Pulled the flow of ${describeTarget(context.target)} into ${context.display}:`);
  for (const line of formatFlowDiff(diff)) io.out(`  ${line}`);
  io.out(`The previous text is kept in ${displayPath(backup, io.cwd)}.`);
  return EXIT.ok;
}

async function push(file: string, values: Values, io: CommandIo): Promise<number> {
  const context = await openRemote(file, values, io);
  const checkOptions: Parameters<typeof checkFlowForCommit>[1] = { fileName: path.basename(context.flowFile) };
  if (context.repoPath !== undefined) checkOptions.repoPath = context.repoPath;
  const checks = await checkFlowForCommit(context.text, checkOptions);
  if (checks.secrets.length > 0 || checks.errors.length > 0) {
    for (const d of [...checks.secrets, ...checks.errors]) io.err(`${context.display}:${describeDiagnostic(d)}`);
    const why = checks.secrets.length > 0 ? 'secrets (argumentOverrides, tokens) must not be stored in a flow' : 'the flow has errors';
    io.err(`release-flow remote push: refused: ${why}; nothing was sent.`);
    return EXIT.failed;
  }
  for (const d of checks.warnings) io.err(`${context.display}:${describeDiagnostic(d)}`);
  let flow: Record<string, unknown>;
  try {
    flow = JSON.parse(context.text) as Record<string, unknown>;
  } catch {
    io.err('release-flow remote push: the file is not JSON.');
    return EXIT.failed;
  }
  const { diff } = await platformDiff(context);
  if (diff.identical) {
    io.out(`${describeTarget(context.target)} already holds this flow; nothing to push.`);
    return EXIT.ok;
  }
  io.out(`Pushing ${context.display} to ${describeTarget(context.target)}:`);
  for (const line of formatFlowDiff(diff)) io.out(`  ${line}`);
  const gitops = flow.gitops as { repoUrl?: string; branch?: string; filePath?: string } | undefined;
  if (gitops && !values.yes) {
    io.err(`release-flow remote push: this flow has gitops set: the platform syncs it from ${gitops.repoUrl ?? 'its repository'} (${gitops.branch ?? '?'}:${gitops.filePath ?? '?'}), so a push also changes the file there. Pass --yes to push anyway, or commit and push the file with Git.`);
    return EXIT.failed;
  }
  await context.client.updateReleaseFlow(context.target, flowOfPlatform(flow) as Parameters<typeof context.client.updateReleaseFlow>[1]);
  io.out(`Updated the release flow of ${describeTarget(context.target)}.`);
  return EXIT.ok;
}

async function pause(file: string, paused: boolean, values: Values, io: CommandIo): Promise<number> {
  const context = await openRemote(file, values, io);
  const first = await context.client.getReleaseFlow(context.target);
  const flow = flowOfPlatform(first as unknown as Record<string, unknown>);
  const options = { ...((flow.options ?? {}) as Record<string, unknown>) };
  if ((options.paused === true) === paused) {
    io.out(`The triggers of ${describeTarget(context.target)} are already ${paused ? 'paused' : 'active'}.`);
    return EXIT.ok;
  }
  options.paused = paused;
  // There is no pause endpoint: the whole flow goes back with options.paused changed. Read again just before, so a change made meanwhile is not overwritten.
  const again = await context.client.getReleaseFlow(context.target);
  if (again.updatedAt !== first.updatedAt) {
    io.err(`release-flow remote ${paused ? 'pause' : 'resume'}: the flow changed on the platform meanwhile (updatedAt ${first.updatedAt} → ${again.updatedAt}); nothing was changed. Try again.`);
    return EXIT.failed;
  }
  await context.client.updateReleaseFlow(context.target, { ...flow, options } as Parameters<typeof context.client.updateReleaseFlow>[1]);
  io.out(paused ? `Paused the triggers of ${describeTarget(context.target)}: Git triggers and webhooks start no run; manual runs still work.` : `Resumed the triggers of ${describeTarget(context.target)}.`);
  let localPaused: boolean | undefined;
  try {
    localPaused = (JSON.parse(context.text) as { options?: { paused?: unknown } }).options?.paused === true;
  } catch {
    localPaused = undefined;
  }
  if (localPaused !== undefined && localPaused !== paused) io.out(`note: ${context.display} says options.paused: ${localPaused}; 'remote diff' shows the difference until the file is changed or pulled.`);
  return EXIT.ok;
}

function printerFor(io: CommandIo, json: boolean | undefined): (event: RunEvent) => void {
  const printer = new RunPrinter(io);
  return json ? (event) => io.out(JSON.stringify({ ...event, source: 'northflank' })) : (event) => printer.handle(event);
}

/** Follows a run with the live tree or the JSON events; Ctrl-C detaches (or aborts first with `abortOnInterrupt`). */
async function follow(context: RemoteContext, runId: string, values: Values, io: CommandIo): Promise<number> {
  const controller = new AbortController();
  let interrupted = false;
  const unregister = io.onInterrupt?.(() => {
    if (interrupted) return;
    interrupted = true;
    controller.abort();
  });
  const tracker = new RemoteRunTracker({ flowFile: context.flowFile, target: context.target });
  const recorderContext: ConstructorParameters<typeof RemoteRunRecorder>[1] = { flowFile: context.flowFile, target: context.target };
  if (context.repoPath !== undefined) recorderContext.repoPath = context.repoPath;
  const recorder = new RemoteRunRecorder(context.workspace.store, recorderContext, tracker);
  const pollMs = Number(envOf(io).RELEASE_FLOW_POLL_MS ?? 2000);
  const again = `release-flow remote runs ${context.display} follow ${runId}`;
  let outcome: FollowOutcome;
  try {
    outcome = await followRun(context.client, context.target, runId, tracker, { pollMs: Number.isFinite(pollMs) && pollMs >= 0 ? pollMs : 2000, signal: controller.signal, onEvent: printerFor(io, values.json), recorder });
  } catch (error) {
    // The run goes on even when following it fails: say how to pick it up again.
    if (error instanceof PlatformError) throw new PlatformError(error.kind, `${error.message} Run ${shortId(runId)} goes on; follow it again with: ${again}`, error.status);
    throw error;
  } finally {
    unregister?.();
  }
  if (outcome.result === 'concluded') return outcome.status === 'success' ? EXIT.ok : outcome.status === 'aborted' ? EXIT.aborted : EXIT.failed;
  if (values['abort-on-interrupt']) {
    await context.client.abortRun(context.target, runId);
    io.err(`\nAborted run ${shortId(runId)} on the platform. Its end: ${again}`);
  } else {
    io.err(`\nDetached: run ${shortId(runId)} goes on on the platform. Follow it again with: ${again}`);
  }
  return EXIT.aborted;
}

async function run(file: string, values: Values, io: CommandIo): Promise<number> {
  const nameProblem = values.name === undefined ? undefined : runNameProblem(values.name);
  if (nameProblem) throw new UsageError(`--name: ${nameProblem}`);
  const descriptionProblem = values.description === undefined ? undefined : runDescriptionProblem(values.description);
  if (descriptionProblem) throw new UsageError(`--description: ${descriptionProblem}`);
  const body: RunRequestBody = {};
  try {
    const overrides = parseOverrideFlags(values.override, '--override');
    const releaseOverrides = parseOverrideFlags(values['release-override'], '--release-override');
    if (overrides) body.overrides = overrides;
    if (releaseOverrides) body.releaseNodeOverrides = releaseOverrides;
  } catch (error) {
    if (error instanceof OverrideSyntaxError) throw new UsageError(error.message);
    throw error;
  }
  const args = pairs(values.arg, '--arg');
  if (Object.keys(args).length > 0) body.arguments = args;
  if (values.name !== undefined) body.name = values.name;
  if (values.description !== undefined) body.description = values.description;
  const context = await openRemote(file, values, io);
  const startedAt = Date.now();
  const answer = await context.client.runReleaseFlow(context.target, body);
  const runId = await startedRunId(context.client, context.target, answer, startedAt);
  if (runId === undefined) {
    io.err(`release-flow remote run: the platform accepted the run but neither its answer nor the run list names it; see release-flow remote runs ${context.display} list.`);
    return EXIT.platform;
  }
  if (values['no-follow']) {
    if (values.json) io.out(JSON.stringify({ type: 'run-requested', runId, source: 'northflank', target: context.target }));
    else io.out(`Started run ${runId} on ${describeTarget(context.target)}. Follow it with: release-flow remote runs ${context.display} follow ${runId}`);
    return EXIT.ok;
  }
  return follow(context, runId, values, io);
}

async function runs(file: string, rest: string[], values: Values, io: CommandIo): Promise<number> {
  const [sub, id, ...extra] = rest;
  if (sub === undefined || !['list', 'show', 'follow', 'abort'].includes(sub)) throw new UsageError('remote runs takes list, show <id>, follow <id> or abort <id>.');
  if (sub === 'list' ? id !== undefined : id === undefined || extra.length > 0) throw new UsageError(sub === 'list' ? 'remote runs list takes no run id.' : `remote runs ${sub} takes one run id.`);
  if (sub !== 'list' && (values.status !== undefined || values.limit !== undefined)) throw new UsageError('--status and --limit go with remote runs list.');
  if (values.status !== undefined) assertListStatus(values.status);
  const context = await openRemote(file, values, io);
  if (sub === 'list') return list(context, values, io);
  const runId = id as string;
  if (sub === 'follow') return follow(context, runId, values, io);
  if (sub === 'abort') {
    await context.client.abortRun(context.target, runId);
    if (values.json) io.out(JSON.stringify({ type: 'abort-requested', runId, source: 'northflank', target: context.target }));
    else io.out(`Asked the platform to abort run ${runId}; 'remote runs ${context.display} show ${runId}' shows where it stopped.`);
    return EXIT.ok;
  }
  const details = await context.client.getRun(context.target, runId);
  const tracker = new RemoteRunTracker({ flowFile: context.flowFile, target: context.target });
  const events = tracker.update(details);
  if (values.json) {
    io.out(JSON.stringify({ ...details, source: 'northflank' }, null, 2));
    return EXIT.ok;
  }
  // The same tree as a local record: the events folded into a record in memory, printed as 'runs show' prints it.
  const record = new RunRecorder(
    { format: RECORD_FORMAT, id: details.id, kind: 'release', source: 'northflank', remote: context.target, flow: { file: context.flowFile, hash: tracker.header?.flowHash ?? '', text: '' }, stage: context.target.stage, status: runStatusOf(details), concurrencyPolicy: String((details.options as { concurrencyPolicy?: string } | undefined)?.concurrencyPolicy ?? 'allow'), createdAt: details.createdAt, updatedAt: details.updatedAt, owner: currentOwner(), arguments: tracker.header?.arguments ?? {}, triggers: {}, nodes: [], notes: [] },
    undefined,
  );
  for (const event of events) record.apply(event);
  record.record.status = runStatusOf(details);
  if (details.name !== undefined) record.record.name = details.name;
  for (const line of formatRecord(record.record, io.cwd)) io.out(line);
  return EXIT.ok;
}

/** A status the platform does not filter by would list nothing: say so (exit 2), with the word meant. */
function assertListStatus(status: string): void {
  if ((RUN_LIST_STATUSES as readonly string[]).includes(status)) return;
  // `failed` was this tool's word before it took the platform's; too far from `failure` for a typo.
  const meant = status === 'failed' ? 'failure' : closestName(status, RUN_LIST_STATUSES);
  throw new UsageError(`--status '${status}' is not a run status of the platform; use one of ${RUN_LIST_STATUSES.join(', ')}.${didYouMean(meant)}`);
}

async function list(context: RemoteContext, values: Values, io: CommandIo): Promise<number> {
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a positive whole number, not '${values.limit}'.`);
  const found: Awaited<ReturnType<typeof context.client.listRuns>>['runs'] = [];
  let cursor: string | undefined;
  for (;;) {
    const page: Parameters<typeof context.client.listRuns>[1] = { perPage: Math.min(100, limit - found.length) };
    if (cursor !== undefined) page.cursor = cursor;
    if (values.status !== undefined) page.status = values.status;
    const result = await context.client.listRuns(context.target, page);
    found.push(...result.runs.slice(0, limit - found.length));
    if (!result.hasNextPage || result.cursor === undefined || found.length >= limit || result.runs.length === 0) break;
    cursor = result.cursor;
  }
  if (values.json) {
    io.out(JSON.stringify({ target: context.target, source: 'northflank', runs: found }, null, 2));
    return EXIT.ok;
  }
  if (found.length === 0) {
    io.out(`No runs${values.status ? ` with status ${values.status}` : ''} on ${describeTarget(context.target)}.`);
    return EXIT.ok;
  }
  for (const r of found) io.out([r.id, r.createdAt.slice(0, 19).replace('T', ' '), r.status.padEnd(13), r.name ? `"${r.name}"` : ''].join('  ').trimEnd());
  return EXIT.ok;
}

