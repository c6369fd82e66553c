import { VALIDATE_USAGE, validateCommand } from './commands/validate';
import { EXIT, UsageError, type CommandIo } from './io';

import { packageVersion } from './version';

const version = packageVersion();

const USAGE = `release-flow ${version}: validate and run Northflank release flows locally.

Usage: release-flow <command> [options]

Commands:
  validate <file|dir>...   check release-flow files (syntax, schema, refs, args, functions, secrets)

Run 'release-flow <command> --help' for a command's options.`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  validate: { run: validateCommand, usage: VALIDATE_USAGE },
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
    io.err(`release-flow: unknown command '${name}'.\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`release-flow ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`release-flow ${name}: ${(error as Error).stack ?? String(error)}`);
    return EXIT.usage;
  }
}

/** Entry point of the `release-flow` binary. */
export function runFromProcess(): void {
  const io: CommandIo = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    cwd: process.cwd(),
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
