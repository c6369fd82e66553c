import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { PipelineDescription } from '../../core/pipeline/description';
import { toPositioned, validateFlow, type ValidateOptions } from '../../core/validation/validate';
import { loadPipeline } from '../../core/pipeline/files';
import { findGitRoot, findPipelineFile, findReleaseFlows, repoRelativePath } from '../files';
import { formatText, summaryLine, toJsonReports, type FileReport } from '../output';
import { EXIT, fileErrorReason, UsageError, type CommandIo } from '../io';
import { startProgress } from '../progress';

export const VALIDATE_USAGE = `Usage: release-flow validate <file|dir>... [--format text|json] [--pipeline FILE]

Checks release-flow files: JSON syntax, the schema, refs, arguments, functions,
secrets, gitops paths and pipeline resources. A folder is searched for
release-*.json, release/*.json and JSON files whose content is a release flow.
The pipeline description defaults to the nearest .northflank/pipeline.json.

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.`;

export async function validateCommand(argv: string[], commandIo: CommandIo): Promise<number> {
  let io = commandIo;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      pipeline: { type: 'string' },
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
  // On a terminal, text output gets a progress line on stderr (files done / total); JSON output never.
  const progress = startProgress(commandIo, format === 'text');
  io = progress.io;

  let ioFailed = false;
  const fail = (message: string): void => {
    io.err(`release-flow: ${message}`);
    ioFailed = true;
  };
  const explicitPipeline = values.pipeline === undefined ? undefined : await loadPipeline(path.resolve(io.cwd, values.pipeline), fail);
  if (values.pipeline !== undefined && explicitPipeline === undefined) return EXIT.usage;

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
      const found = await findReleaseFlows(absolute);
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
    let text: string;
    try {
      text = await fs.readFile(file.absolute, 'utf8');
    } catch (error) {
      fail(`cannot read '${file.display}': ${fileErrorReason(error, 'read')}.`);
      continue;
    }
    const gitRoot = await findGitRoot(file.absolute);
    let pipeline = explicitPipeline;
    if (pipeline === undefined) {
      const pipelineFile = await findPipelineFile(file.absolute, gitRoot ?? io.cwd);
      if (pipelineFile !== undefined) {
        if (!pipelines.has(pipelineFile)) pipelines.set(pipelineFile, await loadPipeline(pipelineFile, (m) => io.err(`release-flow: warning: ${m} Pipeline checks are skipped.`)));
        pipeline = pipelines.get(pipelineFile);
      }
    }
    const options: ValidateOptions = { uri: `file://${file.absolute}`, fileName: path.basename(file.absolute) };
    if (gitRoot !== undefined) options.repoPath = repoRelativePath(gitRoot, file.absolute);
    if (pipeline !== undefined) options.pipeline = pipeline;
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
  if (ioFailed) return EXIT.usage;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? EXIT.failed : EXIT.ok;
}

// Shared with the language server from core/workspace.ts; re-exported for the commands that import it from here.
export { loadPipeline };
