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

/**
 * A waiting line for requests to the platform: once a request has gone
 * `afterMs` without an answer, `waiting for the platform to <what>… 3 s` is
 * drawn in place, redrawn every second and erased as soon as the answer comes
 * (before the command prints anything about it). Undefined off a terminal.
 */
export function platformWaits(io: CommandIo, afterMs = 1000): ((what: string) => () => void) | undefined {
  const write = io.progress;
  if (!write) return undefined;
  return (what) => {
    const started = Date.now();
    let shown = false;
    let ticking: NodeJS.Timeout | undefined;
    const draw = (): void => {
      write(`\r\x1b[Kwaiting for the platform to ${what}… ${Math.round((Date.now() - started) / 1000)} s`);
      shown = true;
    };
    const first = setTimeout(() => {
      draw();
      ticking = setInterval(draw, 1000);
      ticking.unref();
    }, afterMs);
    first.unref();
    return () => {
      clearTimeout(first);
      if (ticking) clearInterval(ticking);
      if (shown) write('\r\x1b[K');
      shown = false;
    };
  };
}
