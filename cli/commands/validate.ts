import { promises as fs } from 'node:fs';
import { readFlowFile, type FlowFileText } from '../../core/document/readFlowFile';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { PipelineDescription } from '../../core/pipeline/description';
import { toPositioned, validateFlow, type ValidateOptions } from '../../core/validation/validate';
import { loadPipeline } from '../../core/pipeline/files';
import { findGitRoot, findPipelineFile, findReleaseFlows, repoRelativePath } from '../files';
import { formatText, summaryLine, toJsonReports, type FileReport } from '../output';
import { EXIT, fileErrorReason, UsageError, type CommandIo } from '../io';
import { startProgress } from '../progress';
import { PlatformError } from '../../core/northflank/client';
import { remotePipelineFor, SetupError, TARGET_OPTIONS } from '../remoteSetup';

export const VALIDATE_USAGE = `Usage: release-flow validate <file|dir>... [--format text|json] [--pipeline FILE]
       release-flow validate <file>... --remote [--project P --pipeline L --stage S --team T]

Checks release-flow files: JSON syntax, the schema, refs, arguments, functions,
secrets, gitops paths and pipeline resources. A folder is searched for
release-*.json, release/*.json and JSON files whose content is a release flow.
The pipeline description defaults to the nearest .northflank/pipeline.json.
--remote checks stage membership (pipeline-target, pipeline-origin) against
the pipeline on Northflank (its nfObjects) instead; the target is found as
'release-flow remote' finds it.

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error, 6 the platform
refused or failed (--remote).`;

export async function validateCommand(argv: string[], commandIo: CommandIo): Promise<number> {
  let io = commandIo;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      pipeline: { type: 'string' },
      remote: { type: 'boolean' },
      project: TARGET_OPTIONS.project,
      stage: TARGET_OPTIONS.stage,
      team: TARGET_OPTIONS.team,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(VALIDATE_USAGE);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'.`);
  if (positionals.length === 0) throw new UsageError('Name at least one file or folder to validate.');
  if (!values.remote && (values.project !== undefined || values.stage !== undefined || values.team !== undefined)) throw new UsageError('--project, --stage and --team go with --remote.');
  // With --remote, --pipeline names the platform's pipeline id; without, a pipeline description file.
  const pipelineFile = values.remote ? undefined : values.pipeline;
  let platformFailed = false;
  // On a terminal, text output gets a progress line on stderr (files done / total); JSON output never.
  const progress = startProgress(commandIo, format === 'text');
  io = progress.io;

  let ioFailed = false;
  const fail = (message: string): void => {
    io.err(`release-flow: ${message}`);
    ioFailed = true;
  };
  const explicitPipeline = pipelineFile === undefined ? undefined : await loadPipeline(path.resolve(io.cwd, pipelineFile), fail);
  if (pipelineFile !== undefined && explicitPipeline === undefined) return EXIT.usage;

  const files: { display: string; absolute: string }[] = [];
  for (const target of positionals) {
    const absolute = path.resolve(io.cwd, target);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      fail(`cannot read '${target}': no such file or folder.`);
      continue;
    }
    if (stat.isDirectory()) {
      progress.phase(`searching ${target} for release flows...`);
      const found = await findReleaseFlows(absolute, (unreadable, reason) => fail(`cannot read '${path.relative(io.cwd, unreadable) || unreadable}': ${fileErrorReason(reason, 'read')}.`));
      if (found.length === 0) fail(`no release-flow files found in '${target}'.`);
      for (const file of found) files.push({ display: path.relative(io.cwd, file) || file, absolute: file });
    } else {
      files.push({ display: target, absolute });
    }
  }

  const pipelines = new Map<string, PipelineDescription | undefined>();
  const reports: FileReport[] = [];
  for (const [index, file] of files.entries()) {
    progress.count(index, files.length, 'validating', 'files');
    let read: FlowFileText;
    try {
      read = await readFlowFile(file.absolute);
    } catch (error) {
      fail(`cannot read '${file.display}': ${fileErrorReason(error, 'read')}.`);
      continue;
    }
    const text = read.text;
    const gitRoot = await findGitRoot(file.absolute);
    let pipeline = explicitPipeline;
    if (values.remote) {
      try {
        pipeline = await remotePipelineFor(file.absolute, { project: values.project, pipeline: values.pipeline, stage: values.stage, team: values.team }, io);
      } catch (error) {
        if (!(error instanceof PlatformError || error instanceof SetupError)) throw error;
        io.err(`release-flow validate --remote: ${file.display}: ${error.message}`);
        if (error instanceof PlatformError) platformFailed = true;
        else ioFailed = true;
        continue;
      }
    } else if (pipeline === undefined) {
      const pipelineFile = await findPipelineFile(file.absolute, gitRoot ?? io.cwd);
      if (pipelineFile !== undefined) {
        if (!pipelines.has(pipelineFile)) pipelines.set(pipelineFile, await loadPipeline(pipelineFile, (m) => io.err(`release-flow: warning: ${m} Pipeline checks are skipped.`)));
        pipeline = pipelines.get(pipelineFile);
      }
    }
    const options: ValidateOptions = { uri: `file://${file.absolute}`, fileName: path.basename(file.absolute) };
    if (gitRoot !== undefined) options.repoPath = repoRelativePath(gitRoot, file.absolute);
    if (pipeline !== undefined) options.pipeline = pipeline;
    if (read.invalidUtf8At !== undefined) options.invalidUtf8 = { at: read.invalidUtf8At, byte: read.invalidByte ?? 0 };
    const { model, diagnostics } = await validateFlow(text, options);
    reports.push({ file: file.display, diagnostics: toPositioned(model, diagnostics) });
  }

  progress.count(files.length, files.length, 'validating', 'files');
  progress.end();
  if (format === 'json') {
    io.out(JSON.stringify(toJsonReports(reports), null, 2));
  } else {
    for (const line of formatText(reports)) io.out(line);
    io.out(summaryLine(reports));
  }
  if (platformFailed) return EXIT.platform;
  if (ioFailed) return EXIT.usage;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? EXIT.failed : EXIT.ok;
}

// Shared with the language server from core/workspace.ts; re-exported for the commands that import it from here.
export { loadPipeline };
