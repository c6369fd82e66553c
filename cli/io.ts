/** Exit codes are part of the CLI's interface: scripts rely on them. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** `run`: the dry run found an unresolvable reference, argument or function (invalid template). */
  dryRunFailed: 3,
  /** `run`: the flow's concurrency policy refused the run. */
  refused: 4,
  /** `triggers`, `simulate`: no trigger fires for the event, or the flow's triggers are paused. */
  notTriggered: 5,
  /** `remote ...`, `validate --remote`: the platform refused or failed (bad token, not found, rate limit exhausted, server error after retries). */
  platform: 6,
  /** `run`: aborted (Ctrl-C); the run is recorded as aborted. */
  aborted: 130,
} as const;

/** Where a command writes, and where it runs: injected so tests drive commands in-process. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** Set when stdout is a terminal: commands may redraw in place. */
  terminal?: { columns: number; rows: number; write(text: string): void };
  /** Environment variables (NORTHFLANK_TOKEN, ...); process.env when absent. Injected so tests never touch the real one. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Set when a person is at the terminal (stdin and stdout): asks one line; undefined when `signal` aborts first. */
  ask?(question: string, signal: AbortSignal): Promise<string | undefined>;
  /** Registers a Ctrl-C handler while a command can stop cleanly; returns the unregister function. */
  onInterrupt?(handler: () => void): () => void;
  /** Writes a progress line in place on stderr; set only when stderr is a terminal (see cli/progress.ts). */
  progress?(text: string): void;
  /** How the user can run this CLI again, for hints such as `<command> runs show <id>`: `release-flow` unless set. */
  command?: string;
}

/**
 * How the user can type this CLI in their shell: `release-flow` when that
 * name is on the PATH, `npx release-flow` when it is not (a clone, where only
 * npx finds the package's own binary) or when npm started it (npx and npm run
 * put a folder on the PATH that the user's shell does not have).
 */
export function commandNameFor(env: NodeJS.ProcessEnv, isExecutable: (file: string) => boolean, platform: NodeJS.Platform = process.platform): string {
  if (env.npm_command === 'exec' || env.npm_command === 'run-script' || env.npm_lifecycle_event !== undefined) return 'npx release-flow';
  const separator = platform === 'win32' ? ';' : ':';
  const names = platform === 'win32' ? ['release-flow.cmd', 'release-flow.exe', 'release-flow.ps1'] : ['release-flow'];
  const folders = (env.PATH ?? env.Path ?? '').split(separator).filter((folder) => folder !== '');
  const onPath = folders.some((folder) => names.some((name) => isExecutable(`${folder}/${name}`)));
  return onPath ? 'release-flow' : 'npx release-flow';
}

/** A mistake in how the command was called: reported with the usage, exit 2. */
export class UsageError extends Error {}

/**
 * Why a file could not be read or written, in words ("its folder does not
 * exist", "permission denied"), for messages such as `cannot write 'x': ...`.
 */
export function fileErrorReason(error: unknown, action: 'read' | 'write'): string {
  // An fs error carries its errno code; a FlowFileError its kind and, when unreadable, the errno code as its message.
  const raw = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const errno = /^E[A-Z0-9]+$/;
  const code = typeof raw === 'string' && errno.test(raw) ? raw : errno.test(message) ? message : undefined;
  switch (code) {
    case 'ENOENT':
      return action === 'write' ? 'its folder does not exist' : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENAMETOOLONG':
      return 'its name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'ELOOP':
      return 'its path has a symbolic link loop';
    default:
      return code ?? message;
  }
}
