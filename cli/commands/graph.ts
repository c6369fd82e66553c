import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildGraph } from '../../core/graph/build';
import { encodeGraph } from '../../core/graph/wire';
import { diffGraph, diffSummaryLine, type GraphDiff } from '../../core/graph/diff';
import { parseFlow } from '../../core/document/parse';
import { GitError } from '../../core/git/repository';
import { WorkTreeFile } from '../../core/git/workTreeFile';
import { PlatformError } from '../../core/northflank/client';
import { flowOfPlatform, flowText } from '../../core/northflank/flowDiff';
import { describeTarget, TargetError, type TargetField } from '../../core/northflank/target';
import { openRemote, SetupError, TARGET_OPTIONS } from '../remoteSetup';
import { readFlowFile } from '../../core/document/readFlowFile';
import { formatSize, pastAnalysisLimits } from '../../core/validation/limits';
import { arrangeGraph } from '../../core/graph/arrange';
import type { RunStatusMessage, UpdateMessage } from '../../core/graph/messages';
import { toMermaid } from '../../core/graph/mermaid';
import { buildPreviewPage } from '../../core/graph/page';
import { applyRunEvents, emptyRunOverlay } from '../../core/graph/runOverlay';
import { DARK, LIGHT } from '../../core/graph/style';
import { renderSvg } from '../../core/graph/svg';
import type { RunEvent } from '../../core/runs/events';
import { toPositioned, validateFlow, type ValidateOptions } from '../../core/validation/validate';
import { findGitRoot, findPipelineFile, repoRelativePath } from '../files';
import { EXIT, fileErrorReason, UsageError, type CommandIo } from '../io';
import { loadPipeline } from './validate';

export const GRAPH_USAGE = `Usage: release-flow graph <file> [--format svg|html|mermaid] [-o FILE] [--theme light|dark|auto]
         [--direction right|down] [--data-edges] [--run EVENTS]
         [--diff-against HEAD|platform|<file>] [--project P --pipeline L --stage S --team T]

Draws a release flow as a graph: a card per node, workflows as containers
(sequential ones as chains of arrows, parallel ones fanning out and joining),
the Git triggers and the webhook as entry points, and error or warning badges
from the same checks as 'release-flow validate'.

  --format svg       one SVG picture (default)
  --format html      one self-contained page (pan, zoom, fold, export; works offline)
  --format mermaid   a Mermaid flowchart, for Markdown
  -o, --output FILE  write to FILE instead of standard output
  --theme            svg: light (default) or dark; html: auto (default), light or dark
  --direction        svg: right (steps left to right, the default) or down (top to bottom)
  --data-edges       also draw the \${refs} data dependencies as dotted arrows
  --run EVENTS       show node statuses from a run's events (one JSON event per line,
                     as 'release-flow run --json' prints them)
  --diff-against V   show what changed since version V: HEAD (the last commit of the file),
                     platform (the flow on the file's Northflank stage, found as 'release-flow
                     remote' finds it) or another flow file. Added, changed and moved nodes
                     are outlined, removed ones ghosted where they were, with a legend.
                     Nodes are matched by ref; nodes without one by position.

Exit codes: 0 written, 1 the file has JSON errors that leave no graph, 2 usage or I/O error,
6 the platform refused or failed (--diff-against platform).`;

export async function graphCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'svg' },
      output: { type: 'string', short: 'o' },
      theme: { type: 'string' },
      direction: { type: 'string', default: 'right' },
      'data-edges': { type: 'boolean', default: false },
      run: { type: 'string' },
      'diff-against': { type: 'string' },
      ...TARGET_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(GRAPH_USAGE);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'svg' && format !== 'html' && format !== 'mermaid') throw new UsageError(`--format must be svg, html or mermaid, not '${format}'.`);
  const theme = values.theme ?? (format === 'html' ? 'auto' : 'light');
  if (theme !== 'light' && theme !== 'dark' && (theme !== 'auto' || format !== 'html')) {
    throw new UsageError(`--theme must be light or dark${format === 'html' ? ' or auto' : ''}, not '${theme}'.`);
  }
  const direction = values.direction;
  if (direction !== 'right' && direction !== 'down') throw new UsageError(`--direction must be right or down, not '${direction}'.`);
  if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file.');
  const file = positionals[0] as string;
  const absolute = path.resolve(io.cwd, file);

  let text: string;
  try {
    text = (await readFlowFile(absolute)).text;
  } catch (error) {
    io.err(`release-flow: cannot read '${file}': ${fileErrorReason(error, 'read')}.`);
    return EXIT.usage;
  }
  const events = values.run === undefined ? [] : await readRunEvents(path.resolve(io.cwd, values.run), io);
  if (events === undefined) return EXIT.usage;
  const target = { project: values.project, pipeline: values.pipeline, stage: values.stage, team: values.team };
  if (values['diff-against'] !== 'platform' && Object.values(target).some((v) => v !== undefined)) throw new UsageError('--project, --pipeline, --stage and --team go with --diff-against platform.');
  let baseline: Baseline | undefined;
  try {
    baseline = values['diff-against'] === undefined ? undefined : await readBaseline(values['diff-against'], file, target, io);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.err(`release-flow: --diff-against ${values['diff-against']}: ${error.message}${/[.)]$/.test(error.message) ? '' : '.'}`);
    return error.exit;
  }

  const { model, diagnostics } = await validateFlow(text, await validateOptions(absolute, io));
  const past = pastAnalysisLimits(model);
  if (past !== undefined && !model.syntaxIssues.some((issue) => issue.code === 'json-too-deep')) {
    io.err(`release-flow: ${file}: no graph is drawn: ${past}.`);
    return EXIT.failed;
  }
  const syntax = model.syntaxIssues[0];
  if (!model.rootNode && (syntax !== undefined || model.root?.type !== 'object')) {
    const at = syntax ? model.lines.positionAt(syntax.span.start) : undefined;
    io.err(at && syntax ? `release-flow: ${file}:${at.line + 1}:${at.character + 1}: ${syntax.message} No graph can be drawn.` : `release-flow: ${file} is not a release flow (its top level is not a JSON object).`);
    return EXIT.failed;
  }
  if (syntax) io.err(`release-flow: warning: ${file} has JSON errors; the graph shows the part that parsed.`);

  let graph = buildGraph(model, diagnostics);
  let diff: GraphDiff | undefined;
  if (baseline) {
    ({ graph, diff } = diffGraph({ model, graph }, parseFlow(baseline.text), baseline.label));
    io.err(`release-flow: ${diffSummaryLine(diff)}${baseline.note ? ` (${baseline.note})` : ''}.`);
  }
  let output: string;
  if (format === 'mermaid') {
    output = toMermaid(graph, { dataEdges: values['data-edges'], ...(diff ? { diff } : {}) });
  } else if (format === 'svg') {
    const overlay = applyRunEvents(emptyRunOverlay(), events, graph);
    output = renderSvg(await arrangeGraph(graph, { dataEdges: values['data-edges'], direction }), { palette: theme === 'dark' ? DARK : LIGHT, statuses: overlay.nodes, ...(diff ? { diff } : {}) }) + '\n';
  } else {
    const script = await readWebviewBundle();
    if (script === undefined) {
      io.err('release-flow: the page script dist/webview.js is missing; run `npm run build` first.');
      return EXIT.usage;
    }
    const update: UpdateMessage = { type: 'update', text, version: 1, fileName: path.basename(file), diagnostics: toPositioned(model, diagnostics) };
    // The graph built here goes with the text, as the editor's language server sends it: the page draws it
    // without parsing first. With a comparison the page needs its own parse anyway.
    if (!baseline && !syntax) update.graph = encodeGraph(graph, true);
    const run: RunStatusMessage | undefined = events.length > 0 ? { type: 'runStatus', events } : undefined;
    output = buildPreviewPage({
      title: path.basename(file),
      script: { inline: script },
      theme: theme as 'auto' | 'light' | 'dark',
      initial: update,
      ...(run ? { run } : {}),
      ...(baseline ? { baseline: { type: 'baseline', label: baseline.label, text: baseline.text } } : {}),
    });
  }

  if (values.output === undefined) {
    io.out(output.replace(/\n$/, ''));
    return EXIT.ok;
  }
  try {
    await fs.writeFile(path.resolve(io.cwd, values.output), output);
  } catch (error) {
    io.err(`release-flow: cannot write '${values.output}': ${fileErrorReason(error, 'write')}.`);
    return EXIT.usage;
  }
  // stdout stays free for the picture when there is no -o; with one, say what was written.
  io.out(`Wrote ${values.output} (${format}, ${formatSize(Buffer.byteLength(output), 'bytes')}).`);
  return EXIT.ok;
}

interface Baseline {
  label: string;
  text: string;
  note?: string;
}

class BaselineError extends Error {
  constructor(message: string, readonly exit: number = EXIT.usage) {
    super(message);
  }
}

/**
 * The version to compare with: HEAD's text of the file, the platform's flow
 * of its stage, or another file. A file HEAD does not have yet compares with
 * nothing (everything is added), and says so.
 */
async function readBaseline(against: string, file: string, target: Partial<Record<TargetField, string | undefined>>, io: CommandIo): Promise<Baseline> {
  const absolute = path.resolve(io.cwd, file);
  if (against === 'HEAD') {
    try {
      const text = await (await WorkTreeFile.open(absolute)).headText();
      return text === undefined ? { label: 'HEAD', text: '', note: 'HEAD has no version of this file: every node is new' } : { label: 'HEAD', text };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      throw new BaselineError(error.code === 'no-repo' ? `${path.basename(absolute)} is not in a Git repository` : error.message.replace(/\.$/, ''));
    }
  }
  if (against === 'platform') {
    try {
      const remote = await openRemote(file, target, io);
      const flow = flowOfPlatform((await remote.client.getReleaseFlow(remote.target)) as unknown as Record<string, unknown>);
      return { label: 'platform', text: flowText(flow), note: describeTarget(remote.target) };
    } catch (error) {
      if (error instanceof PlatformError) throw new BaselineError(error.message, EXIT.platform);
      if (error instanceof SetupError || error instanceof TargetError) throw new BaselineError(error.message);
      throw error;
    }
  }
  try {
    return { label: path.basename(against), text: await fs.readFile(path.resolve(io.cwd, against), 'utf8') };
  } catch (error) {
    throw new BaselineError(`cannot read '${against}': ${fileErrorReason(error, 'read')}`);
  }
}

/** The same context `validate` uses, so the badges match its findings. */
async function validateOptions(absolute: string, io: CommandIo): Promise<ValidateOptions> {
  const options: ValidateOptions = { uri: `file://${absolute}`, fileName: path.basename(absolute) };
  const gitRoot = await findGitRoot(absolute);
  if (gitRoot !== undefined) options.repoPath = repoRelativePath(gitRoot, absolute);
  const pipelineFile = await findPipelineFile(absolute, gitRoot ?? io.cwd);
  if (pipelineFile !== undefined) {
    const pipeline = await loadPipeline(pipelineFile, (m) => io.err(`release-flow: warning: ${m} Pipeline checks are skipped.`));
    if (pipeline !== undefined) options.pipeline = pipeline;
  }
  return options;
}

const RUN_EVENT_TYPES = new Set(['run-started', 'node-status', 'note', 'run-finished']);

/** Run events from a JSON-lines file; other lines (dry-run reports, blank lines) are skipped. */
async function readRunEvents(file: string, io: CommandIo): Promise<RunEvent[] | undefined> {
  let text: string;
  try {
    text = (await readFlowFile(file)).text;
  } catch (error) {
    io.err(`release-flow: cannot read run events '${file}': ${fileErrorReason(error, 'read')}.`);
    return undefined;
  }
  const events: RunEvent[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as { type?: unknown };
      if (typeof value === 'object' && value !== null && RUN_EVENT_TYPES.has(String(value.type))) events.push(value as RunEvent);
    } catch {
      io.err(`release-flow: ${file}:${i + 1}: not a JSON event; skipped.`);
    }
  }
  return events;
}

/** dist/webview.js beside the bundled CLI, or in the package's dist/ when running from compiled sources. */
async function readWebviewBundle(): Promise<string | undefined> {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'webview.js'), path.join(dir, 'dist', 'webview.js')]) {
      try {
        const text = await fs.readFile(candidate, 'utf8');
        // The bundle starts by wiring the page; a stray webview.js elsewhere would not mention it.
        if (text.includes('rf-canvas')) return text;
      } catch {
        // keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
