import { GRAPH_USAGE, graphCommand } from './commands/graph';
import { LSP_USAGE, lspCommand } from './commands/lsp';
import { RUN_USAGE, runCommand } from './commands/run';
import { RUNS_USAGE, runsCommand } from './commands/runs';
import { VALIDATE_USAGE, validateCommand } from './commands/validate';
import { PAUSE_USAGE, pauseCommand, resumeCommand } from './commands/pause';
import { REMOTE_USAGE, remoteCommand } from './commands/remote';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate';
import { TRIGGERS_USAGE, triggersCommand } from './commands/triggers';
import { WATCH_USAGE, watchCommand } from './commands/watch';
import { WEBHOOK_USAGE, webhookCommand } from './commands/webhook';
import { accessSync, constants, statSync } from 'node:fs';
import { closestName, didYouMean } from '../core/text/suggest';
import { commandNameFor, EXIT, UsageError, type CommandIo } from './io';

import { packageVersion } from './version';
import { createInterface } from 'node:readline/promises';

const version = packageVersion();

const USAGE = `release-flow ${version}: validate and run Northflank release flows locally.

Usage: release-flow <command> [options]

Commands:
  validate <file|dir>...   check release-flow files (syntax, schema, refs, args, functions, secrets)
  graph <file>             draw the flow as SVG, a self-contained HTML page or Mermaid
  run <file>               run a flow on the embedded simulated platform and record it
  runs list|show|rollback  the recorded runs of this repository; roll a stage back
  triggers <file>          explain whether a push, pull request or tag would run the flow
  simulate push|pr <file>  evaluate the Git triggers for an event and run the flow if one fires
  pause|resume <file>      pause or resume the flow's triggers (manual runs still work)
  webhook <file>           serve the flow's webhook on 127.0.0.1
  watch <file>             run the flow when a new commit fires one of its triggers
  remote <action> <file>   the flow on Northflank: link, diff, pull, push, run, runs, pause, resume
  lsp --stdio              start the language server for any editor (Neovim, Helix, Emacs, ...)

Run 'release-flow <command> --help' for a command's options.`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  validate: { run: validateCommand, usage: VALIDATE_USAGE },
  lsp: { run: lspCommand, usage: LSP_USAGE },
  graph: { run: graphCommand, usage: GRAPH_USAGE },
  run: { run: runCommand, usage: RUN_USAGE },
  runs: { run: runsCommand, usage: RUNS_USAGE },
  triggers: { run: triggersCommand, usage: TRIGGERS_USAGE },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE },
  pause: { run: pauseCommand, usage: PAUSE_USAGE },
  resume: { run: resumeCommand, usage: PAUSE_USAGE },
  webhook: { run: webhookCommand, usage: WEBHOOK_USAGE },
  watch: { run: watchCommand, usage: WATCH_USAGE },
  remote: { run: remoteCommand, usage: REMOTE_USAGE },
};

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(version);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    const suggestion = closestName(name, Object.keys(COMMANDS));
    io.err(suggestion === undefined ? `release-flow: unknown command '${name}'.\n\n${USAGE}` : `release-flow: unknown command '${name}'.${didYouMean(suggestion)} ('release-flow --help' lists the commands.)`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`release-flow ${name}: ${usageMessage(error as Error, command.usage)}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`release-flow ${name}: ${(error as Error).stack ?? String(error)}`);
    return EXIT.usage;
  }
}

/** An unknown option gets a did-you-mean from the options the command's usage names. */
function usageMessage(error: Error, usage: string): string {
  const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '(-[^']*)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return error.message;
  const options = new Set(usage.match(/--[a-z][a-z-]*/g) ?? []);
  return `unknown option '${unknown}'.${didYouMean(closestName(unknown, options))}`;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Entry point of the `release-flow` binary. */
export function runFromProcess(): void {
  exitQuietlyOnClosedPipe();
  const io: CommandIo = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    cwd: process.cwd(),
    onInterrupt: interruptHandler,
    command: commandNameFor(process.env, isExecutable),
  };
  if (process.stderr.isTTY) io.progress = (text) => process.stderr.write(text);
  if (process.stdout.isTTY) {
    io.terminal = { columns: process.stdout.columns || 80, rows: process.stdout.rows || 24, write: (text) => process.stdout.write(text) };
    if (process.stdin.isTTY) io.ask = askLine;
  }
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

/** One line from the person at the terminal; Ctrl-C while asking interrupts as anywhere else. */
async function askLine(question: string, signal: AbortSignal): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, output: process.stdout });
  lines.on('SIGINT', () => process.emit('SIGINT'));
  try {
    return await lines.question(question, { signal });
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
}

/**
 * Ctrl-C while a command has a handler registered calls it (the run aborts and
 * is recorded); a second Ctrl-C quits at once. Without a handler, Node's
 * default applies.
 */
function interruptHandler(handler: () => void): () => void {
  let pressed = 0;
  const listener = (): void => {
    pressed++;
    if (pressed > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  return () => process.off('SIGINT', listener);
}

/**
 * `release-flow runs list | head -1`: once the reader has gone, writing to
 * stdout fails with EPIPE. That is no error of ours: exit at once, quietly
 * (with the exit code already decided, else 0), instead of a stack trace.
 */
function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}
