import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import type { LanguageSettings } from '../core/language/settings';
import { findGitRoot, repoRelativePath } from '../core/git/root';
import { findPipelineFile, loadPipeline } from '../core/pipeline/files';
import type { ResolvedEnvironment, ServerRuntime } from './environments';
import { startServer } from './server';

/**
 * The node runtime: environments come from the file system as the CLI finds
 * them (core/workspace.ts): the Git work tree, the file's path in it, and the
 * pipeline description (`releaseFlow.pipelineFile`, else the nearest
 * `.northflank/pipeline.json`).
 */
export const nodeRuntime: ServerRuntime = {
  watchPatterns: ['**/.northflank/pipeline.json'],
  async resolveEnvironment(uri: string, settings: LanguageSettings, workspaceFolders: readonly string[]): Promise<ResolvedEnvironment> {
    const problems: string[] = [];
    if (!uri.startsWith('file:')) return { problems };
    const file = fileURLToPath(uri);
    const gitRoot = await findGitRoot(file);
    const folder = workspaceFolders.map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f)).find((f) => file.startsWith(f + path.sep));
    const environment: ResolvedEnvironment = { problems, fileName: path.basename(file) };
    if (gitRoot !== undefined) environment.repoPath = repoRelativePath(gitRoot, file);
    const pipelineFile = settings.pipelineFile !== undefined
      ? path.resolve(folder ?? gitRoot ?? path.dirname(file), settings.pipelineFile)
      : await findPipelineFile(file, gitRoot ?? folder);
    if (pipelineFile !== undefined) {
      environment.pipelineFile = pipelineFile;
      const pipeline = await loadPipeline(pipelineFile, (message) => problems.push(message));
      if (pipeline) environment.pipeline = pipeline;
    }
    return environment;
  },
};

/**
 * Starts the server on this process: stdio unless `--node-ipc`, `--socket=N`
 * or `--pipe=NAME` says otherwise. Nothing but LSP messages goes to stdout.
 */
export function runLanguageServer(argv: readonly string[] = process.argv.slice(2)): void {
  // IPC carries whole messages: there is no framing to break.
  const connection = argv.includes('--node-ipc') ? createConnection(ProposedFeatures.all) : streamConnection(argv);
  // The last line of defence: whatever escapes a handler is logged, and the server keeps serving.
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  startServer(connection, nodeRuntime);
}

/** The value of `--name=V` or `--name V`. */
function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = argv[index] as string;
  return arg === name ? argv[index + 1] : arg.slice(name.length + 1);
}

/**
 * A connection over a byte stream (stdio, a socket or a named pipe), with its
 * reader in hand: after a framing error (a bad header) the stream cannot be
 * trusted again, so the server says why and exits, and the client starts a
 * new one, instead of staying alive but deaf.
 */
function streamConnection(argv: readonly string[]): Connection {
  const socket = option(argv, '--socket');
  const pipe = option(argv, '--pipe');
  const stdio = socket === undefined && pipe === undefined;
  const [reader, writer]: [MessageReader, MessageWriter] = socket !== undefined
    ? createServerSocketTransport(Number(socket))
    : pipe !== undefined
      ? createServerPipeTransport(pipe)
      : [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
  let shutdown = false;
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  reader.onError((error) => {
    const message = `release-flow language server: the message stream is broken (${error.message.split('\n')[0]}); exiting so that the client starts a new server.`;
    process.stderr.write(`${message}\n`);
    connection.console.error(message);
    setImmediate(() => process.exit(1));
  });
  // Given a reader rather than a stream, the library no longer exits when the client goes away: do it here.
  const gone = (): never => process.exit(shutdown ? 0 : 1);
  reader.onClose(gone);
  if (stdio) process.stdin.on('end', gone);
  connection.onShutdown(() => {
    shutdown = true;
  });
  if (stdio) {
    // Nothing but LSP messages may go to stdout: console output goes to the client's log.
    console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
    console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
    console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  }
  return connection;
}
