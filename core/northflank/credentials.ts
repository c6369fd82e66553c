/**
 * Who talks to the platform, and where: the API token and base URL.
 *
 * The token comes from `NORTHFLANK_TOKEN`, else from the current context of
 * the `northflank` CLI's login (`~/.northflank/config.json`, the file the
 * official client's ApiClientFileContextProvider reads and writes:
 * `{ current, contexts: [{ name, token, host }] }`). The base URL comes from
 * `NORTHFLANK_API_URL`, else that context's host, else the public API. The
 * token itself is never put in a message: errors name where it came from.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const PUBLIC_API_URL = 'https://api.northflank.com';

export interface Credentials {
  token: string;
  /** Where the token came from, for messages: `NORTHFLANK_TOKEN`, or the CLI context and its file. */
  source: string;
  baseUrl: string;
}

export class CredentialsError extends Error {}

interface CliContext {
  name?: unknown;
  token?: unknown;
  host?: unknown;
}

/** The `northflank` CLI's config file under `home`. */
export function cliConfigFile(home: string): string {
  return path.join(home, '.northflank', 'config.json');
}

async function currentCliContext(home: string): Promise<{ name: string; token: string; host?: string; file: string } | undefined> {
  const file = cliConfigFile(home);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let config: { current?: unknown; contexts?: unknown };
  try {
    config = JSON.parse(text) as { current?: unknown; contexts?: unknown };
  } catch {
    throw new CredentialsError(`The northflank CLI's config ${file} is not valid JSON; set NORTHFLANK_TOKEN or log in again with the northflank CLI.`);
  }
  if (typeof config.current !== 'string' || !Array.isArray(config.contexts)) return undefined;
  const context = (config.contexts as CliContext[]).find((c) => c && c.name === config.current);
  if (!context || typeof context.token !== 'string' || context.token === '') return undefined;
  const found: { name: string; token: string; host?: string; file: string } = { name: config.current, token: context.token, file };
  if (typeof context.host === 'string' && context.host !== '') found.host = context.host;
  return found;
}

/** The token and base URL from `env` (and the CLI's config under `home`); CredentialsError when there is no token. */
export async function resolveCredentials(env: Readonly<Record<string, string | undefined>>, home: string | undefined): Promise<Credentials> {
  const explicitUrl = env.NORTHFLANK_API_URL?.trim() || undefined;
  const fromEnv = env.NORTHFLANK_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'NORTHFLANK_TOKEN', baseUrl: trimSlash(explicitUrl ?? PUBLIC_API_URL) };
  const context = home === undefined ? undefined : await currentCliContext(home);
  if (context) {
    return { token: context.token, source: `the northflank CLI's context "${context.name}" (${context.file})`, baseUrl: trimSlash(explicitUrl ?? context.host ?? PUBLIC_API_URL) };
  }
  throw new CredentialsError('No Northflank API token: set NORTHFLANK_TOKEN, or log in with the northflank CLI (its current context is used).');
}

/** The base URL without trailing slashes; CredentialsError unless it is an absolute http(s) URL. */
function trimSlash(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CredentialsError(`The API URL '${url}' is not an absolute URL (NORTHFLANK_API_URL or the CLI context's host).`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CredentialsError(`The API URL '${url}' is not http or https.`);
  return url.replace(/\/+$/, '');
}

/** True when the token would travel unencrypted to another machine: plain http to a host that is not this one. */
export function sendsTokenInClear(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** `text` with every occurrence of the token replaced, for anything that might echo it back. */
export function withoutToken(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('****') : text;
}
