/**
 * A progress line for long commands ("validating 120/5000 files"), drawn in
 * place on stderr when it is a terminal, never in pipes, logs or --json output
 * (the shell sets `io.progress` only on a terminal). Lines the command prints
 * meanwhile erase it first, so nothing is drawn over.
 */
import type { CommandIo } from './io';

const REDRAW_MS = 100;

export interface Progress {
  /** The command's io, with out and err erasing the progress line first. */
  io: CommandIo;
  /** Shows `label: done/total unit`: the first and the last at once, the others at most 10 times a second. */
  count(done: number, total: number, label: string, unit: string): void;
  /** Shows a phase with no count, such as "searching examples/". */
  phase(text: string): void;
  /** Erases the line: call before the command's final output. */
  end(): void;
}

export function startProgress(io: CommandIo, enabled: boolean): Progress {
  const write = enabled ? io.progress : undefined;
  if (!write) return { io, count: () => undefined, phase: () => undefined, end: () => undefined };
  let shown = false;
  let last = 0;
  const erase = (): void => {
    if (shown) write('\r\x1b[K');
    shown = false;
  };
  const draw = (text: string): void => {
    write(`\r\x1b[K${text}`);
    shown = true;
    last = Date.now();
  };
  return {
    io: { ...io, out: (line) => (erase(), io.out(line)), err: (line) => (erase(), io.err(line)) },
    count: (done, total, label, unit) => {
      if (done === 0 || done === total || Date.now() - last >= REDRAW_MS) draw(`${label}: ${done}/${total} ${unit}`);
    },
    phase: (text) => draw(text),
    end: erase,
  };
}
