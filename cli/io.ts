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
}

/** A mistake in how the command was called: reported with the usage, exit 2. */
export class UsageError extends Error {}
