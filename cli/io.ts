/** Exit codes are part of the CLI's interface: scripts rely on them. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;

/** Where a command writes, and where it runs: injected so tests drive commands in-process. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

/** A mistake in how the command was called: reported with the usage, exit 2. */
export class UsageError extends Error {}
