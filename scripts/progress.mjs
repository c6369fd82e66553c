// Progress lines of the build scripts: on a terminal only (stderr), so that
// piped output, logs and CI stay as they were.
const onTerminal = Boolean(process.stderr.isTTY);

/** Prints `label: text` on stderr when it is a terminal. */
export function progress(label, text) {
  if (onTerminal) process.stderr.write(`${label}: ${text}\n`);
}

/** Seconds since `start` (a performance.now() value), for "done in 2.4 s". */
export function secondsSince(start) {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
