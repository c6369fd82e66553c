import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CommandIo } from '../io';

export const LSP_USAGE = `Usage: release-flow lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

Starts the release-flow language server, the same one the VS Code extension
runs, for any editor that speaks the Language Server Protocol (Neovim, Helix,
Emacs, ...). It talks over stdio unless told otherwise, and writes nothing
else to stdout. Also installed as the release-flow-language-server binary.

Exit codes: 0 after the client's shutdown and exit, 1 when the client goes
away without them, 2 usage error.`;

export async function lspCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
      // VS Code's client passes the client's process id; the server does not need it.
      clientProcessId: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(LSP_USAGE);
    return EXIT.ok;
  }
  const transports = [values.stdio, values['node-ipc'], values.socket !== undefined, values.pipe !== undefined].filter(Boolean).length;
  if (transports > 1) throw new UsageError('Choose one transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.');
  if (values.socket !== undefined && !/^\d+$/.test(values.socket)) throw new UsageError(`--socket takes a port number, not '${values.socket}'.`);
  // Loaded on demand: the other commands need none of the server.
  const { runLanguageServer } = await import('../../server/node');
  runLanguageServer(argv);
  // The server ends the process itself when the client says exit (or goes away).
  return new Promise<number>(() => undefined);
}
