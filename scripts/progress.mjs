// Progress lines of the build scripts: on a terminal only (stderr), so that
// piped output, logs and CI stay as they were.
const onTerminal = Boolean(process.stderr.isTTY) && !process.env.CI;

/** Prints `label: text` on stderr when it is a terminal. */
export function progress(label, text) {
  if (onTerminal) process.stderr.write(`${label}: ${text}\n`);
}

/** Runs `work`, announcing it first and telling how long it took after (terminal only). */
export async function timedStep(label, text, work) {
  progress(label, `${text}...`);
  const start = performance.now();
  const result = await work();
  progress(label, `${text}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}
