/**
 * One line about a node's attempts, from the run details' `settings` and
 * `response.retries` (the same fields for local and platform runs), so that
 * the CLI and the editor say it the same way.
 */
import type { NodeRetries, NodeSettings } from './events';

/** `3 attempts of 3 (fixed backoff, 10 s)`, `1 attempt of 3, next at 09:01:12 UTC`; undefined when there is nothing worth saying. */
export function describeRetries(retries: NodeRetries | undefined, settings: NodeSettings | undefined, retrying = false): string | undefined {
  if (!retries || (retries.attempts <= 1 && retries.nextAttempt === undefined && !retrying)) return undefined;
  const parts = [`${retries.attempts} attempt${retries.attempts === 1 ? '' : 's'} of ${retries.maxAttempts}`];
  if (settings) parts[0] += ` (${settings.backoff.type} backoff, ${settings.backoff.delay} s)`;
  if (retries.nextAttempt !== undefined) parts.push(`next at ${new Date(retries.nextAttempt * 1000).toISOString().slice(11, 19)} UTC`);
  return parts.join(', ');
}
